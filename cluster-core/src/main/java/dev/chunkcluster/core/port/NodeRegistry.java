package dev.chunkcluster.core.port;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Membership of a cluster as data: every long-lived process (agent, coordinator, worker) registers a row, heartbeats
 * it, and says what it did for a Stop. The status and the Stop report are computed from these rows, so every host sees
 * the same truth. Times come from the store's clock (the database's on PostgreSQL), so skewed host clocks change
 * nothing. This is the cross-host counterpart of a {@link ProcessController}'s local registry.
 *
 * <p>{@link #announce} and {@link #listen} let the control plane wake the agents at once (PostgreSQL's
 * {@code LISTEN/NOTIFY}); where a store cannot, the defaults make agents find changes by polling.
 *
 * <p>Errors are {@link dev.chunkcluster.core.error.ChunkClusterException}s, as for {@link ChunkStore}. The test kit's
 * {@code NodeRegistryContract} is the executable definition of this interface.
 */
public interface NodeRegistry {

    /**
     * How often a node polls the store when no announcement wakes it, unless configured otherwise: a lost
     * announcement delays a Stop by at most this long.
     */
    Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    /** How long the rows of dead nodes are kept, unless configured otherwise: long enough to see who died when. */
    Duration DEFAULT_KEEP_DEAD = Duration.ofHours(24);

    /**
     * Adds the node's row with its first heartbeat.
     *
     * @param lease the lease the node runs with: the status counts it alive while its last heartbeat is no older
     * @throws IllegalArgumentException if {@code lease} is not positive
     * @throws dev.chunkcluster.core.error.ExplorationNotFoundException if the store does not hold its exploration
     */
    NodeRecord register(NodeIdentity identity, NodeState state, int workers, Duration lease);

    /**
     * Records a heartbeat: the store's time now, the state and the workers kept.
     *
     * @return false when the row is gone (pruned after a long silence): the node should register again
     */
    boolean heartbeat(long nodeId, NodeState state, int workers);

    /**
     * Records what the node did for the Stop it heard, at the store's time now; it counts as a heartbeat too.
     *
     * @return false when the row is gone
     */
    boolean recordStop(long nodeId, ProcessStopOutcome.Kind outcome);

    /** Every node row of the exploration, oldest first, with ages on the store's clock. */
    List<NodeRecord> nodes(String exploration);

    /** Deletes the rows of nodes silent for longer than {@code keep}; returns how many. */
    long pruneSilent(String exploration, Duration keep);

    /** The running chunks of the exploration, counted by the worker that holds their lease. */
    Map<String, Long> runningChunksByWorker(String exploration);

    /**
     * The lease a node registers, in whole milliseconds, as the stores keep it.
     *
     * @throws IllegalArgumentException if {@code lease} is shorter than a millisecond
     */
    static long leaseMillis(Duration lease) {
        if (lease == null || lease.toMillis() <= 0) {
            throw new IllegalArgumentException("a node's lease must be at least 1 ms; got " + lease);
        }
        return lease.toMillis();
    }

    /** Wakes the nodes that {@link #listen} to the exploration; does nothing where nodes poll. */
    default void announce(String exploration) {
    }

    /** A wait for the next {@link #announce} of the exploration; where the store cannot, one that only times out. */
    default Announcements listen(String exploration) {
        return Announcements.polling();
    }
}
