package dev.chunkcluster.core.policy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a worker's lease renewals on a schedule. Tests use a manual implementation that beats on demand. */
public interface Heartbeats {

    /** Starts calling {@code beat} every {@code every}; the returned handle stops it. */
    Beating start(Runnable beat, Duration every);

    /** A running heartbeat. */
    interface Beating {
        /** Stops the heartbeat; a beat already running finishes. */
        void stop();
    }

    /** Heartbeats that never beat. */
    static Heartbeats none() {
        return (beat, every) -> () -> {
        };
    }

    /** Heartbeats on one daemon thread. */
    static Heartbeats onDaemonThread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        return (beat, every) -> {
            long millis = Math.max(1, every.toMillis());
            ScheduledFuture<?> future = executor.scheduleAtFixedRate(beat, millis, millis, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
