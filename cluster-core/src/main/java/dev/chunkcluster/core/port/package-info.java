/**
 * The ports the core needs from the outside world: {@link dev.chunkcluster.core.port.ChunkStore} for
 * chunks and explorations, {@link dev.chunkcluster.core.port.ProcessController} for OS processes.
 */
package dev.chunkcluster.core.port;
