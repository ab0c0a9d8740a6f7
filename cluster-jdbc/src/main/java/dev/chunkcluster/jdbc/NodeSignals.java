package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.port.Announcements;

/**
 * How a store's {@link dev.chunkcluster.core.port.NodeRegistry} wakes the nodes of an exploration: PostgreSQL sends
 * a notification; a store that cannot lets its nodes poll ({@link #POLLING}).
 */
public interface NodeSignals {

    /** Nodes find changes by polling: announcing does nothing and a wait lasts its whole timeout. */
    NodeSignals POLLING = new NodeSignals() {
        @Override
        public void announce(String exploration) {
        }

        @Override
        public Announcements listen(String exploration) {
            return Announcements.polling();
        }
    };

    /** Wakes the nodes listening to {@code exploration}. */
    void announce(String exploration);

    /** A subscription to the announcements of {@code exploration}. */
    Announcements listen(String exploration);
}
