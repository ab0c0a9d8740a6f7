package dev.chunkcluster.core.port;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A node as its row says, read at one instant of the store's clock.
 *
 * @param id            the row's id, which the node's heartbeats name
 * @param startedAt     when it registered (the store's clock)
 * @param heartbeatAt   its last heartbeat (the store's clock)
 * @param heartbeatAge  from the last heartbeat to the read, on the store's clock: the same on every host
 * @param lease         the lease the node runs with, which it registered: silent for longer than this, it is not alive
 * @param workers       the workers it keeps (an agent, a coordinator); 0 for a worker
 * @param stopOutcome   what it did for the last Stop it heard, or null if it heard none
 * @param stopOutcomeAt when it recorded that outcome, or null
 */
public record NodeRecord(long id, NodeIdentity identity, Instant startedAt, Instant heartbeatAt,
                         Duration heartbeatAge, Duration lease, NodeState state, int workers,
                         ProcessStopOutcome.@Nullable Kind stopOutcome, @Nullable Instant stopOutcomeAt) {

    /** Checks that the required values are present. */
    public NodeRecord {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        Objects.requireNonNull(heartbeatAge, "heartbeatAge");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(state, "state");
    }

    /**
     * Whether the node counts as alive: it has not said it exited, and its last heartbeat is no older than its own
     * {@link #lease}. A node silent for longer than its lease has lost its chunks' leases too.
     */
    public boolean alive() {
        return state != NodeState.STOPPED && heartbeatAge.compareTo(lease) <= 0;
    }
}
