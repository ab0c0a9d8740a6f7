/**
 * The library's exceptions: one unchecked root, {@link dev.chunkcluster.core.error.ChunkClusterException},
 * and a subclass for each failure a caller may want to tell apart.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.core.error;

import org.jspecify.annotations.NullMarked;
