/**
 * Micrometer meters for ChunkCluster: {@link dev.chunkcluster.micrometer.ChunkClusterMetrics} counts and times what
 * the policies publish, {@link dev.chunkcluster.micrometer.ChunkClusterGauges} reads the store's counts and the live
 * processes when the registry asks. {@link dev.chunkcluster.micrometer.ChunkClusterMeters} names every meter.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.micrometer;

import org.jspecify.annotations.NullMarked;
