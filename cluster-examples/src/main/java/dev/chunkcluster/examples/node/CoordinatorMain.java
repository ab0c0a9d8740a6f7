package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.SupervisorDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The coordinator process: runs the {@link Supervisor}, which keeps the workers alive while work remains, restarts
 * crashed ones with backoff and runs the health check, and ends when the exploration is complete, idle or stopped.
 * It registers a node row ({@link NodeMembership}) and marks it stopped when it ends.
 * On SIGTERM it stops supervising and exits; the workers are stopped by whoever stops the cluster (they are tracked
 * processes too).
 */
public final class CoordinatorMain {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorMain.class);

    /**
     * The longest time between two supervisor rounds. A round also runs at once when a worker exits (one that found
     * nothing left to claim, or one that crashed), so the end of the exploration and a crash are seen without polling
     * the store often: each round costs CPU the workers could use.
     */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * How long a coordinator whose exploration is complete or idle waits for its workers, which are exiting too, so
     * that it reaps them itself: none outlives it, and the OS accounts their CPU to the coordinator's process tree.
     */
    static final Duration WORKER_EXIT_WAIT = Duration.ofSeconds(5);

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
                            NodeLaunch.worker(node.database(), exploration, node.settings(), node.years()))
                    .workers(node.settings().workers())
                    .healthCheckInterval(node.settings().healthCheckInterval())
                    .build();
            log.info("exploration '{}': coordinator pid {} supervising {} workers (lease {} ms, {} years of prices)",
                    exploration, ProcessHandle.current().pid(), node.settings().workers(),
                    node.settings().lease().toMillis(), node.years());
            SupervisorDecision decision = supervise(supervisor, min(POLL_INTERVAL,
                    node.settings().healthCheckInterval()));
            if (decision == SupervisorDecision.COMPLETE || decision == SupervisorDecision.IDLE) {
                awaitWorkers(exploration, WORKER_EXIT_WAIT);
            }
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

    /**
     * Runs the supervisor's rounds until it is finished: the next round after {@code interval}, or at once when a
     * process this coordinator launched exits.
     */
    static SupervisorDecision supervise(Supervisor supervisor, Duration interval) throws InterruptedException {
        while (true) {
            SupervisorDecision decision = supervisor.tick();
            if (decision.finished()) {
                return decision;
            }
            CompletableFuture<?>[] exits = ProcessHandle.current().children().map(ProcessHandle::onExit)
                    .toArray(CompletableFuture<?>[]::new);
            if (exits.length == 0) {
                Thread.sleep(interval.toMillis());
                continue;
            }
            try {
                CompletableFuture.anyOf(exits).get(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the interval passed: the next round
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Waits up to {@code wait} for the processes this coordinator launched to exit; says how many did not. */
    private static void awaitWorkers(String exploration, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        long left = 0;
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                left++;
            } catch (ExecutionException e) {
                // onExit does not fail; nothing to wait for
            }
        }
        if (left > 0) {
            log.warn("exploration '{}': {} of the coordinator's {} workers still running {} ms after the exploration"
                    + " ended; leaving them", exploration, left, children.size(), wait.toMillis());
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
