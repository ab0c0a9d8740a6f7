package dev.chunkcluster.spring;

import dev.chunkcluster.core.status.ClusterStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Locale;

/**
 * Actuator health of the exploration: UP while no running chunk is stale, DOWN when running chunks have an expired
 * lease (their worker died or hangs) or the store cannot be read. The details show the four-state status, the desired
 * state, the chunk counts, the progress and the health message.
 */
public final class ChunkClusterHealthIndicator implements HealthIndicator {

    private final ChunkClusterOperations operations;

    ChunkClusterHealthIndicator(ChunkClusterOperations operations) {
        this.operations = operations;
    }

    @Override
    public Health health() {
        ClusterStatus status;
        try {
            status = operations.status();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("exploration", operations.exploration()).build();
        }
        Health.Builder health = status.health().healthy() ? Health.up() : Health.down();
        return health.withDetail("exploration", status.exploration())
                .withDetail("state", status.state().name().toLowerCase(Locale.ROOT))
                .withDetail("desired", status.desired().name().toLowerCase(Locale.ROOT))
                .withDetail("chunks", ChunkClusterEndpoint.counts(status))
                .withDetail("progress", status.progress().toString())
                .withDetail("expiredLeases", status.health().expiredLeases())
                .withDetail("health", status.health().message())
                .build();
    }
}
