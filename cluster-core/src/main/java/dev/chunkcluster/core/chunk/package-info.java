/**
 * Chunks and their state machine: ranges, statuses, the legal transitions and lease tokens,
 * and the exploration's spec and desired state.
 */
package dev.chunkcluster.core.chunk;
