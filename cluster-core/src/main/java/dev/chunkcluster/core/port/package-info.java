/**
 * The ports the core needs from the outside world: {@link dev.chunkcluster.core.port.ChunkStore} for
 * chunks and explorations, {@link dev.chunkcluster.core.port.ProcessController} for OS processes.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.core.port;

import org.jspecify.annotations.NullMarked;
