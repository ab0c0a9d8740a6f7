package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.event.EventPublisher;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ExpiryResult;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ResetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The reconciler: puts orphaned chunks back. Running chunks whose lease expired go back to pending (one failure
 * each, failed at max failures). Where processes are local, running chunks while no tracked process is alive are
 * reset too (not their fault: no failure counted). Leases work across hosts; the process check is the local extra.
 * {@linkplain #withListener Listeners} hear of the expired leases and the resets it found, when it found some.
 */
public final class HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

    private final ChunkStore store;
    private final ProcessController processes;
    private final EventPublisher events;

    private HealthCheck(ChunkStore store, ProcessController processes, EventPublisher events) {
        this.store = Objects.requireNonNull(store, "store");
        this.processes = processes;
        this.events = events;
    }

    /** A health check on leases only: right when workers run on several hosts. */
    public static HealthCheck leasesOnly(ChunkStore store) {
        return new HealthCheck(store, null, EventPublisher.none());
    }

    /** A health check on leases and on the local tracked processes: right when all processes run on this host. */
    public static HealthCheck withProcesses(ChunkStore store, ProcessController processes) {
        return new HealthCheck(store, Objects.requireNonNull(processes, "processes"), EventPublisher.none());
    }

    /**
     * This health check, also telling {@code listener} what it fixes.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public HealthCheck withListener(ChunkClusterListener listener) {
        return new HealthCheck(store, processes, events.with(listener));
    }

    /**
     * Reaps expired leases and, with processes, resets the running chunks when no tracked process is alive.
     *
     * @return what was found and fixed
     * @throws dev.chunkcluster.core.error.ExplorationNotFoundException if the store does not hold {@code exploration}
     * @throws dev.chunkcluster.core.error.ChunkClusterException if the store or the process controller fails
     */
    public HealthReport check(String exploration) {
        ExpiryResult expired = store.resetExpiredLeases(exploration);
        int live = -1;
        long orphaned = 0;
        long pendingAfterOrphans = 0;
        if (processes != null) {
            live = processes.listLive(exploration).size();
            if (live == 0 && store.snapshot(exploration).counts().running() > 0) {
                ResetResult reset = store.resetOrphaned(exploration);
                orphaned = reset.reset();
                pendingAfterOrphans = reset.pendingAfter();
            }
        }
        HealthReport report = new HealthReport(expired.requeued(), expired.failed(), orphaned, live);
        if (events.isActive()) {
            if (expired.requeued() + expired.failed() > 0) {
                events.publish(new ChunkClusterEvent.LeasesExpired(exploration, expired.requeued(), expired.failed()));
            }
            if (orphaned > 0) {
                events.publish(new ChunkClusterEvent.ChunksReset(exploration,
                        ChunkClusterEvent.ResetCause.HEALTH_CHECK, orphaned, pendingAfterOrphans));
            }
        }
        if (report.fixed() > 0) {
            log.info("exploration '{}': health check: {} ({} live processes)", exploration, report.message(),
                    live < 0 ? "unchecked" : Integer.toString(live));
        } else {
            log.debug("exploration '{}': health check: nothing to fix", exploration);
        }
        return report;
    }
}
