package dev.chunkcluster.spring;

import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the application's handler in a {@link WorkerLoop} on a thread of its own, from the application's start until
 * the exploration is drained or stopped. The application's shutdown (SIGTERM) releases the chunk in hand to pending
 * at once, without counting a failure, and waits for the handler to end. {@link #start()} after the loop ended (a
 * Start after a Stop) runs a new loop.
 */
public final class ChunkClusterWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChunkClusterWorker.class);

    private final Supplier<WorkerLoop> loops;
    private final String threadName;
    private final Duration shutdownWait;

    private @Nullable WorkerLoop loop;
    private @Nullable Thread thread;
    private volatile @Nullable WorkerSummary lastSummary;

    ChunkClusterWorker(Supplier<WorkerLoop> loops, String workerId, Duration shutdownWait) {
        this.loops = loops;
        this.threadName = "chunkcluster-" + workerId;
        this.shutdownWait = shutdownWait;
    }

    /** Starts a loop unless one is running. */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        WorkerLoop next = loops.get();
        Thread runner = new Thread(() -> {
            try {
                lastSummary = next.run();
            } catch (RuntimeException e) {
                log.error("{}: worker loop ended with an error: {}", threadName, e.getMessage(), e);
            }
        }, threadName);
        loop = next;
        thread = runner;
        runner.start();
    }

    /** Releases the chunk in hand and waits up to the shutdown wait for the loop to end. */
    @Override
    public void stop() {
        stop(shutdownWait);
    }

    /** Releases the chunk in hand and waits up to {@code wait} for the loop to end. */
    void stop(Duration wait) {
        WorkerLoop running;
        Thread runner;
        synchronized (this) {
            running = loop;
            runner = thread;
        }
        if (running == null || runner == null || !runner.isAlive()) {
            return;
        }
        try {
            if (!running.shutdown(wait)) {
                log.warn("{}: the handler did not end within {} ms of the shutdown; its chunk is back to pending",
                        threadName, wait.toMillis());
            }
            runner.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a loop is running now. */
    @Override
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /** What the last loop that ended did; empty while the first loop runs. */
    public Optional<WorkerSummary> lastSummary() {
        return Optional.ofNullable(lastSummary);
    }
}
