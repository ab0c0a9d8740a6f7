package dev.chunkcluster.examples.support;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls a condition until it holds or a generous deadline passes: tests wait for states, never for time. */
public final class Await {

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /** Returns the first value of {@code probe} that is not null; fails naming {@code what} at the deadline. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** Waits until {@code condition} is true. */
    public static void untilTrue(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, () -> condition.get() ? Boolean.TRUE : null);
    }
}
