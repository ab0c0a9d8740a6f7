package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.SupervisorDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator process: runs the {@link Supervisor}, which keeps the workers alive while work remains, restarts
 * crashed ones with backoff and runs the health check, and ends when the exploration is complete, idle or stopped.
 * It registers a node row ({@link NodeMembership}) and marks it stopped when it ends.
 * On SIGTERM it stops supervising and exits; the workers are stopped by whoever stops the cluster (they are tracked
 * processes too).
 */
public final class CoordinatorMain {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorMain.class);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private CoordinatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(NodeArgs.start(ProcessRole.COORDINATOR, args)));
    }

    static int run(NodeArgs node) {
        String exploration = node.exploration();
        Thread mainThread = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            log.info("exploration '{}': coordinator pid {} got a stop signal; ending supervision", exploration,
                    ProcessHandle.current().pid());
            mainThread.interrupt();
            awaitQuietly(finished, Duration.ofSeconds(5));
        }, "coordinator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LocalCluster cluster = LocalCluster.openInitialized(node.database());
             NodeMembership membership = NodeMembership.join(cluster.store(), exploration, NodeRole.COORDINATOR,
                     node.host(), node.settings().lease(), () -> liveWorkers(cluster, exploration))) {
            Supervisor supervisor = Supervisor.builder(cluster.store(), cluster.processes(),
                            NodeLaunch.worker(node.database(), exploration, node.settings()))
                    .workers(node.settings().workers())
                    .pollInterval(POLL_INTERVAL)
                    .healthCheckInterval(node.settings().healthCheckInterval())
                    .build();
            log.info("exploration '{}': coordinator pid {} supervising {} workers (lease {} ms)", exploration,
                    ProcessHandle.current().pid(), node.settings().workers(), node.settings().lease().toMillis());
            SupervisorDecision decision = supervisor.run();
            log.info("exploration '{}': coordinator ends: {}", exploration,
                    decision.name().toLowerCase(Locale.ROOT));
            return 0;
        } catch (InterruptedException e) {
            log.info("exploration '{}': coordinator stopped", exploration);
            return 0;
        } catch (ChunkClusterException | IllegalArgumentException e) {
            log.error("exploration '{}': coordinator failed: {}", exploration, e.getMessage(), e);
            return 1;
        } finally {
            finished.countDown();
        }
    }

    private static int liveWorkers(LocalCluster cluster, String exploration) {
        return (int) cluster.processes().listLive(exploration).stream()
                .filter(p -> p.role() == ProcessRole.WORKER).count();
    }

    static void awaitQuietly(CountDownLatch latch, Duration wait) {
        try {
            latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
