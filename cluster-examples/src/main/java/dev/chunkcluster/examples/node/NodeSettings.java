package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.WorkerLoop;

import java.time.Duration;
import java.util.Objects;

/**
 * How the demo's coordinator and workers run. The limits are the library's ({@link Supervisor#MAX_WORKERS},
 * {@link WorkerLoop#MIN_LEASE}); the defaults are the demo's own.
 *
 * @param workers             workers the coordinator keeps alive, 1 to {@link Supervisor#MAX_WORKERS}
 * @param lease               a worker's claim on a chunk without renewal; renewed every third
 * @param healthCheckInterval how often the coordinator runs the health check
 */
public record NodeSettings(int workers, Duration lease, Duration healthCheckInterval) {

    /** Long enough for a chunk of the demo many times over, short enough that a killed worker's chunk comes back soon. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** @throws IllegalArgumentException naming the command-line option of the bad value */
    public NodeSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
        if (workers < 1 || workers > Supervisor.MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be 1 to " + Supervisor.MAX_WORKERS + "; got "
                    + workers);
        }
        if (lease.compareTo(WorkerLoop.MIN_LEASE) < 0) {
            throw new IllegalArgumentException("--lease must be at least " + WorkerLoop.MIN_LEASE.toMillis()
                    + "ms (it is renewed every third); got " + lease.toMillis() + "ms");
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
        return Math.max(1, Math.min(Supervisor.MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
    }
}
