/**
 * Chunks and their state machine: ranges, statuses, the legal transitions and lease tokens,
 * and the exploration's spec and desired state.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.core.chunk;

import org.jspecify.annotations.NullMarked;
