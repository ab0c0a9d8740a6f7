package dev.chunkcluster.examples.node;

import java.time.Duration;
import java.util.Objects;

/**
 * How the demo's coordinator and workers run.
 *
 * @param workers             workers the coordinator keeps alive, 1 to {@value #MAX_WORKERS}
 * @param lease               a worker's claim on a chunk without renewal; renewed every third
 * @param healthCheckInterval how often the coordinator runs the health check
 */
public record NodeSettings(int workers, Duration lease, Duration healthCheckInterval) {

    public static final int MAX_WORKERS = 256;
    /** Long enough for a chunk of the demo many times over, short enough that a killed worker's chunk comes back soon. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(2);

    public NodeSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be 1 to " + MAX_WORKERS + "; got " + workers);
        }
        if (lease.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("--lease must be at least 300ms (it is renewed every third); got "
                    + lease.toMillis() + "ms");
        }
        if (healthCheckInterval.isNegative() || healthCheckInterval.isZero()) {
            throw new IllegalArgumentException("--health-interval must be positive; got "
                    + healthCheckInterval.toMillis() + "ms");
        }
    }

    /** {@code workers} with the default lease and health check interval. */
    public static NodeSettings of(int workers) {
        return new NodeSettings(workers, DEFAULT_LEASE, DEFAULT_HEALTH_CHECK_INTERVAL);
    }

    /** One worker per available processor. */
    public static int defaultWorkers() {
        return Math.max(1, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    }
}
