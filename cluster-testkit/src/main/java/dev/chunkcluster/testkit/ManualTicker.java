package dev.chunkcluster.testkit;

import dev.chunkcluster.core.policy.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A worker's clock that stands still until a test moves it: a {@link #pause} waits until the test has advanced the
 * ticker past its end, so retries and lease ends can be tested without waiting. Thread-safe.
 */
public final class ManualTicker implements Ticker {

    private long nanos;
    private int waiting;
    private final List<Duration> pauses = new ArrayList<>();

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    /** Moves the ticker on by {@code duration}, ending the pauses it covers. */
    public synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
        notifyAll();
    }

    @Override
    public synchronized void pause(Duration duration) throws InterruptedException {
        long until = nanos + duration.toNanos();
        pauses.add(duration);
        waiting++;
        notifyAll();
        try {
            while (nanos < until) {
                wait();
            }
        } finally {
            waiting--;
        }
    }

    /**
     * Waits until a thread is pausing on this ticker and {@code count} pauses have begun in all.
     *
     * @throws TimeoutException     if that has not happened when {@code timeout} has passed (real time)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public synchronized void awaitPausing(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (waiting == 0 || pauses.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("expected a thread pausing after " + count + " pauses within "
                        + timeout.toMillis() + " ms; " + pauses.size() + " pauses, " + waiting + " pausing now");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Every pause asked for so far, in order. */
    public synchronized List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
