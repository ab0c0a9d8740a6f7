/**
 * The four-state status derived from chunk counts, progress and health: what a status page shows.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.core.status;

import org.jspecify.annotations.NullMarked;
