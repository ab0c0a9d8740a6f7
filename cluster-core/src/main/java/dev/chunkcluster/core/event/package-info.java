/**
 * What happened in a running exploration, published once by the policies for whoever subscribes: metrics, logs,
 * user interfaces. Register a {@link dev.chunkcluster.core.event.ChunkClusterListener} on the worker loop, the
 * supervisor, Stop, Start or the health check; each event is a record of {@link
 * dev.chunkcluster.core.event.ChunkClusterEvent}.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.core.event;

import org.jspecify.annotations.NullMarked;
