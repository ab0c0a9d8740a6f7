package dev.chunkcluster.core.port;

import java.time.Duration;

/** A node's subscription to the {@link NodeRegistry#announce announcements} of its exploration. */
public interface Announcements extends AutoCloseable {

    /**
     * Waits until an announcement arrives or {@code timeout} passes.
     *
     * @return true if an announcement arrived; false on timeout (the caller polls the store then)
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** Ends the subscription; never throws. */
    @Override
    void close();

    /** A subscription that hears nothing: each wait lasts its whole timeout, so the caller polls. */
    static Announcements polling() {
        return new Announcements() {
            @Override
            public boolean await(Duration timeout) throws InterruptedException {
                Thread.sleep(Math.max(1, timeout.toMillis()));
                return false;
            }

            @Override
            public void close() {
            }
        };
    }
}
