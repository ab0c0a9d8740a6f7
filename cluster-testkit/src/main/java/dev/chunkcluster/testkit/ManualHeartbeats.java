package dev.chunkcluster.testkit;

import dev.chunkcluster.core.policy.Heartbeats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Heartbeats that beat only when a test says so, so lease renewal can be tested without waiting. */
public final class ManualHeartbeats implements Heartbeats {

    private final List<Runnable> active = new ArrayList<>();
    private final List<Duration> periods = new ArrayList<>();

    @Override
    public synchronized Beating start(Runnable beat, Duration every) {
        active.add(beat);
        periods.add(every);
        notifyAll();
        return () -> {
            synchronized (ManualHeartbeats.this) {
                active.remove(beat);
                ManualHeartbeats.this.notifyAll();
            }
        };
    }

    /** Runs every active heartbeat once, on the calling thread; returns how many ran. */
    public int beat() {
        List<Runnable> beats;
        synchronized (this) {
            beats = List.copyOf(active);
        }
        beats.forEach(Runnable::run);
        return beats.size();
    }

    /**
     * Waits until {@code count} heartbeats are active (workers are inside their handlers).
     *
     * @throws TimeoutException     if fewer are active when {@code timeout} has passed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public synchronized void awaitActive(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("expected " + count + " active heartbeats within " + timeout.toMillis()
                        + " ms; " + active.size() + " active");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The period of every heartbeat started so far. */
    public synchronized List<Duration> periods() {
        return List.copyOf(periods);
    }
}
