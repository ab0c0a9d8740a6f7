package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.jdbc.JdbcChunkStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The node row of a coordinator or a worker: registered when the process starts, heartbeat from a thread of its own
 * every third of the lease (one row update, whatever the chunks do), marked {@code stopped} when the process ends
 * cleanly. A store that is unreachable costs a warning, never the process: the heartbeat tries again (and registers
 * again if the row was pruned), and the status shows the node as not alive meanwhile. A coordinator also prunes the
 * rows of nodes silent for longer than {@link NodeRegistry#DEFAULT_KEEP_DEAD}, as an agent does, so crashed workers'
 * rows of a one-host setup do not pile up.
 */
final class NodeMembership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeMembership.class);

    private final NodeRegistry nodes;
    private final NodeIdentity identity;
    private final Duration lease;
    private final IntSupplier workers;
    private final ScheduledExecutorService beat;
    private final Object lock = new Object();
    private long id = -1;
    private boolean closed;

    private NodeMembership(NodeRegistry nodes, NodeIdentity identity, Duration lease, IntSupplier workers) {
        this.nodes = nodes;
        this.identity = identity;
        this.lease = lease;
        this.workers = workers;
        this.beat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, identity.role().dbValue() + "-node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Registers this process as a node of {@code exploration} in {@code store}'s database and starts its heartbeat; a
     * membership that does nothing where the store keeps no node rows.
     *
     * @param host    the host's name (its agent's {@code --name}), empty for the kernel's host name
     * @param workers the workers it keeps now (0 for a worker)
     */
    static NodeMembership join(ChunkStore store, String exploration, NodeRole role, String host, Duration lease,
                               IntSupplier workers) {
        NodeMembership membership = new NodeMembership(store instanceof JdbcChunkStore jdbc ? jdbc.nodes() : null,
                HostIdentity.of(exploration, role, host.isEmpty() ? HostIdentity.hostName() : host), lease, workers);
        if (membership.nodes == null) {
            membership.beat.shutdown();
            return membership;
        }
        membership.beat();
        long every = Math.max(1, lease.toMillis() / 3);
        membership.beat.scheduleWithFixedDelay(membership::beat, every, every, TimeUnit.MILLISECONDS);
        if (role == NodeRole.COORDINATOR) {
            membership.beat.scheduleWithFixedDelay(membership::prune, 1, 60, TimeUnit.MINUTES);
        }
        return membership;
    }

    private void beat() {
        try {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                if (id < 0 || !nodes.heartbeat(id, NodeState.RUNNING, workers.getAsInt())) {
                    id = nodes.register(identity, NodeState.RUNNING, workers.getAsInt(), lease).id();
                }
            }
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': {} could not heartbeat its node row: {}; trying again in {} ms",
                    identity.exploration(), identity, e.getMessage(), lease.toMillis() / 3);
        }
    }

    private void prune() {
        try {
            nodes.pruneSilent(identity.exploration(), NodeRegistry.DEFAULT_KEEP_DEAD);
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': {} could not prune silent node rows: {}", identity.exploration(), identity,
                    e.getMessage());
        }
    }

    /** Stops the heartbeat and marks the row {@code stopped}: the process is ending cleanly. */
    @Override
    public void close() {
        beat.shutdownNow();
        synchronized (lock) {
            if (closed || nodes == null || id < 0) {
                closed = true;
                return;
            }
            closed = true;
            try {
                nodes.heartbeat(id, NodeState.STOPPED, 0);
            } catch (ChunkClusterException e) {
                log.warn("exploration '{}': {} could not mark its node row stopped: {}", identity.exploration(),
                        identity, e.getMessage());
            }
        }
    }
}
