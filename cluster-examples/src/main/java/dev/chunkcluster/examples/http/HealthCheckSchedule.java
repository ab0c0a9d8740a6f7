package dev.chunkcluster.examples.http;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.HealthCheckBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the health check of a {@link ClusterApi} on a schedule, the first one at once, on a daemon thread. */
final class HealthCheckSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthCheckSchedule.class);

    private final ScheduledExecutorService executor;

    private HealthCheckSchedule(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts the schedule; an interval of zero runs nothing. */
    static HealthCheckSchedule start(ClusterApi api, Duration interval) {
        if (interval.isZero()) {
            return new HealthCheckSchedule(null);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-check");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> run(api), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return new HealthCheckSchedule(executor);
    }

    private static void run(ClusterApi api) {
        try {
            HealthCheckBody report = api.runHealthCheck();
            if (report.fixed() > 0) {
                log.info("exploration '{}': health check: {}", api.exploration(), report.message());
            }
        } catch (RuntimeException e) {
            log.warn("exploration '{}': health check failed: {}", api.exploration(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
