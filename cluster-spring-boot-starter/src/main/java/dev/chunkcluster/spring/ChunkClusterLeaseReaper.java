package dev.chunkcluster.spring;

import dev.chunkcluster.core.policy.HealthCheck;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the health check on leases every interval while the application runs: a chunk whose lease ran out (its
 * worker's application crashed, hung or lost the database) goes back to pending, or to failed after its last allowed
 * failure, so the workers of the applications still alive claim it. Leases are the only health an application has:
 * it tracks no processes. A check that fails is logged and the next one runs as planned.
 */
public final class ChunkClusterLeaseReaper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChunkClusterLeaseReaper.class);

    private final HealthCheck healthCheck;
    private final String exploration;
    private final Duration interval;
    private @Nullable ScheduledExecutorService scheduler;

    ChunkClusterLeaseReaper(HealthCheck healthCheck, String exploration, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(ChunkClusterProperties.PREFIX
                    + ".health-check.interval must be above 0; got " + interval);
        }
        this.healthCheck = healthCheck;
        this.exploration = exploration;
        this.interval = interval;
    }

    /** Schedules the checks, the first one interval from now. */
    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chunkcluster-health-check");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkOnce, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler = executor;
        log.info("exploration '{}': health check on leases every {} ms", exploration, interval.toMillis());
    }

    private void checkOnce() {
        try {
            healthCheck.check(exploration);
        } catch (RuntimeException e) {
            log.warn("exploration '{}': health check failed, next one in {} ms: {}", exploration,
                    interval.toMillis(), e.getMessage());
        }
    }

    /** Ends the checks; one in progress finishes. */
    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** Whether checks are scheduled. */
    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
