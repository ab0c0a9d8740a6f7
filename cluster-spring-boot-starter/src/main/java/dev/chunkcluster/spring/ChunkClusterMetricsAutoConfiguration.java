package dev.chunkcluster.spring;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.micrometer.ChunkClusterGauges;
import dev.chunkcluster.micrometer.ChunkClusterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Micrometer meters of {@code cluster-micrometer}, when it and a {@link MeterRegistry} are present: the
 * {@link ChunkClusterMetrics} listener (which the worker, Stop and Start then publish to) and the exploration's
 * {@link ChunkClusterGauges}, which Spring Boot binds to the registry.
 */
@AutoConfiguration(after = ChunkClusterAutoConfiguration.class, afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, ChunkClusterMetrics.class})
@ConditionalOnBean({MeterRegistry.class, ChunkClusterOperations.class})
public class ChunkClusterMetricsAutoConfiguration {

    /** Created by Spring. */
    public ChunkClusterMetricsAutoConfiguration() {
    }

    /** Counts and times the events into the application's registry. */
    @Bean
    @ConditionalOnMissingBean
    public ChunkClusterMetrics chunkClusterMetrics(MeterRegistry registry) {
        return ChunkClusterMetrics.recordingTo(registry);
    }

    /** The exploration's chunks per status, read at each scrape. */
    @Bean
    @ConditionalOnMissingBean
    public ChunkClusterGauges chunkClusterGauges(ChunkStore store, ChunkClusterOperations operations) {
        return ChunkClusterGauges.of(store, operations.exploration());
    }
}
