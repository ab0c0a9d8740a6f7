package dev.chunkcluster.core.policy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A worker's own monotonic clock and its way to wait. The worker measures with it how long its chunks take and how
 * long its lease has left since the last renewal the store accepted (it cannot read the store's clock while the store
 * is unreachable), and waits with it between retries. Tests pass a manual one.
 */
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences mean something, as with {@link System#nanoTime()}. */
    long nanos();

    /**
     * Waits {@code duration} by this ticker.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void pause(Duration duration) throws InterruptedException;

    /** {@link System#nanoTime()} and {@link Thread#sleep}. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}

/** The JVM's monotonic clock. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public void pause(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
}
