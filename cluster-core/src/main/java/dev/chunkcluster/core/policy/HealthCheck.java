package dev.chunkcluster.core.policy;

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
 */
public final class HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

    private final ChunkStore store;
    private final ProcessController processes;

    private HealthCheck(ChunkStore store, ProcessController processes) {
        this.store = Objects.requireNonNull(store, "store");
        this.processes = processes;
    }

    /** A health check on leases only: right when workers run on several hosts. */
    public static HealthCheck leasesOnly(ChunkStore store) {
        return new HealthCheck(store, null);
    }

    /** A health check on leases and on the local tracked processes: right when all processes run on this host. */
    public static HealthCheck withProcesses(ChunkStore store, ProcessController processes) {
        return new HealthCheck(store, Objects.requireNonNull(processes, "processes"));
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
        if (processes != null) {
            live = processes.listLive(exploration).size();
            if (live == 0 && store.snapshot(exploration).counts().running() > 0) {
                ResetResult reset = store.resetOrphaned(exploration);
                orphaned = reset.reset();
            }
        }
        HealthReport report = new HealthReport(expired.requeued(), expired.failed(), orphaned, live);
        if (report.fixed() > 0) {
            log.info("exploration '{}': health check: {} ({} live processes)", exploration, report.message(),
                    live < 0 ? "unchecked" : Integer.toString(live));
        } else {
            log.debug("exploration '{}': health check: nothing to fix", exploration);
        }
        return report;
    }
}
