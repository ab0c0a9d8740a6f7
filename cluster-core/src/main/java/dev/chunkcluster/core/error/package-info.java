/**
 * The library's exceptions: one unchecked root, {@link dev.chunkcluster.core.error.ChunkClusterException},
 * and a subclass for each failure a caller may want to tell apart.
 */
package dev.chunkcluster.core.error;
