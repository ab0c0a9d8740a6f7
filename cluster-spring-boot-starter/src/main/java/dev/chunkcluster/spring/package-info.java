/**
 * Spring Boot auto-configuration for ChunkCluster: the store, a worker for the application's
 * {@link dev.chunkcluster.core.policy.ChunkHandler} bean, an Actuator health indicator and endpoint, and the
 * Micrometer meters. Configured by {@link dev.chunkcluster.spring.ChunkClusterProperties}.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.spring;

import org.jspecify.annotations.NullMarked;
