package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.policy.ChunkHandler;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.jdbc.OpenMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process: claims chunks of the sweep and records each chunk's ten best parameter sets, until nothing is
 * left or the exploration is stopped. It registers a node row ({@link NodeMembership}) and marks it stopped when it
 * ends cleanly. On SIGTERM it gives its chunk back to pending at once (no failure counted) and
 * exits.
 */
public final class WorkerMain {

    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    /** How long SIGTERM waits for the current combination to finish before the JVM exits anyway. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(NodeArgs.start(ProcessRole.WORKER, args)));
    }

    /**
     * The handler every worker runs: evaluate the chunk's combinations on the demo series over {@code years}, report
     * progress, return the top ten. The series is generated on the first chunk, not before the first claim.
     */
    public static ChunkHandler handler(int years) {
        return work -> SweepEvaluator.demo(years).evaluate(work.range().first(), work.range().count(),
                work::reportTested, work::isAbandoned).toJson();
    }

    static int run(NodeArgs node) {
        String exploration = node.exploration();
        String worker = node.workerName();
        CountDownLatch closed = new CountDownLatch(1);
        try (OpenedStore opened = node.database().open(OpenMode.EXISTING_ONLY);
             NodeMembership membership = NodeMembership.join(opened.store(), exploration, NodeRole.WORKER,
                     node.host(), node.settings().lease(), () -> 0)) {
            ChunkStore store = opened.store();
            WorkerLoop loop = WorkerLoop.builder(store, exploration, worker, handler(node.years()))
                    .lease(node.settings().lease())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (closed.getCount() == 0) {
                    return;
                }
                try {
                    if (!loop.shutdown(SHUTDOWN_WAIT)) {
                        log.warn("exploration '{}': {} did not end within {} ms of the stop signal", exploration,
                                worker, SHUTDOWN_WAIT.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.warn("exploration '{}': {} could not release its chunk on shutdown: {}", exploration, worker,
                            e.getMessage());
                }
                CoordinatorMain.awaitQuietly(closed, Duration.ofSeconds(2));
            }, "worker-shutdown"));
            WorkerSummary summary = loop.run();
            log.info("exploration '{}': {} done: {} chunks completed, {} failed, {} abandoned", exploration, worker,
                    summary.completed(), summary.failed(), summary.abandoned());
            return 0;
        } catch (ChunkClusterException | IllegalArgumentException e) {
            log.error("exploration '{}': {} failed: {}", exploration, worker, e.getMessage(), e);
            return 1;
        } finally {
            closed.countDown();
        }
    }
}
