package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.policy.HealthCheck;
import dev.chunkcluster.core.policy.HealthReport;
import dev.chunkcluster.core.policy.StatusQuery;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.status.ClusterStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Status, Stop and Start of the application's exploration, as the Actuator endpoint and the health indicator use
 * them. Stop is the library's Stop (database first), whose process step ends this application's worker. Start puts
 * chunks with an expired lease back, sets the desired state to running and starts this application's worker again.
 */
public final class ChunkClusterOperations {

    private static final Logger log = LoggerFactory.getLogger(ChunkClusterOperations.class);

    private final ChunkStore store;
    private final String exploration;
    private final @Nullable ChunkClusterWorker worker;
    private final StopPolicy stop;
    private final HealthCheck healthCheck;

    ChunkClusterOperations(ChunkStore store, String exploration, @Nullable ChunkClusterWorker worker, Duration grace,
                           List<ChunkClusterListener> listeners) {
        this.store = store;
        this.exploration = exploration;
        this.worker = worker;
        StopPolicy stopPolicy = new StopPolicy(store, new InProcessWorkers(worker), grace);
        HealthCheck check = HealthCheck.leasesOnly(store);
        for (ChunkClusterListener listener : listeners) {
            stopPolicy = stopPolicy.withListener(listener);
            check = check.withListener(listener);
        }
        this.stop = stopPolicy;
        this.healthCheck = check;
    }

    /** The exploration's name. */
    public String exploration() {
        return exploration;
    }

    /** The four-state status, progress and health (from leases) of the exploration. */
    public ClusterStatus status() {
        return StatusQuery.leasesOnly(store).status(exploration);
    }

    /** Stops the exploration, database first, then this application's worker. */
    public StopReport stop() {
        StopReport report = stop.stop(exploration);
        log.info("exploration '{}': stop through the starter: {}", exploration, report.message());
        return report;
    }

    /**
     * Starts the exploration again: puts chunks with an expired lease back, sets the desired state to running and
     * starts this application's worker if it has ended.
     *
     * @return what the health check fixed first
     */
    public HealthReport start() {
        HealthReport fixed = healthCheck.check(exploration);
        store.setDesiredState(exploration, DesiredState.RUNNING);
        if (worker != null) {
            worker.start();
        }
        log.info("exploration '{}': start through the starter ({}; worker {})", exploration, fixed.message(),
                worker == null ? "none in this application" : "running");
        return fixed;
    }
}
