package dev.chunkcluster.examples.faults;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.policy.ChunkHandler;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.SupervisorDecision;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.node.PrivateTemp;
import dev.chunkcluster.examples.faults.EventLog.Type;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a fault-injection trial, run from the test class path: a worker that is the examples' worker
 * ({@link WorkerLoop} + the backtest sweep) with three test-only twists, and a coordinator that is the examples'
 * coordinator ({@link Supervisor}) launching those workers.
 *
 * <ul>
 *   <li>every store operation and its answer goes to the worker's {@link EventLog};</li>
 *   <li>each combination takes {@code --delay-ms} longer (simulated work, so a fault can land inside a chunk);</li>
 *   <li>the chunk with index {@code --poison} kills its own JVM ({@link Runtime#halt}) every time it is run;</li>
 *   <li>the result records the attempt and worker that produced it, beside the sweep's usual fields.</li>
 * </ul>
 *
 * <p>Usage: {@code FaultNode worker|coordinator --db PATH|URL --exploration NAME --events DIR [--lease-ms N]
 * [--health-interval-ms N] [--workers N] [--poison INDEX] [--offset N] [--delay-ms N] [--host NAME]}. With
 * {@code --host}, the node is one of several hosts, as an agent's: its workers are named {@code worker-PID@NAME}, and
 * the coordinator's health check judges leases only (the other hosts' chunks are not its to reset).
 */
public final class FaultNode {

    /** The exit status of a JVM that a poison chunk killed. */
    static final int POISON_EXIT = 97;

    private FaultNode() {
    }

    public static void main(String[] args) throws Exception {
        PrivateTemp.install();
        String mode = args[0];
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int status = switch (mode) {
            case "worker" -> worker(options);
            case "coordinator" -> coordinator(options);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        System.exit(status);
    }

    /** The handler of a fault-injection worker. */
    static ChunkHandler handler(SweepEvaluator evaluator, int poison, long offset, long delayMillis, EventLog events) {
        return work -> {
            if (work.range().index() == poison) {
                events.write(Type.POISON, work.token().chunkId(), work.token().attempt(), "-", null);
                Runtime.getRuntime().halt(POISON_EXIT);
            }
            String json = evaluator.evaluate(work.range().first() + offset, work.range().count(), tested -> {
                work.reportTested(tested);
                simulateWork(delayMillis);
            }, work::isAbandoned).toJson();
            // The attempt and worker that produced it, first in the document (ChunkResult ignores unknown fields).
            return "{\"attempt\":" + work.token().attempt() + ",\"worker\":\"" + work.token().worker() + "\","
                    + json.substring(1);
        };
    }

    /** Stretches a combination: simulated work, not a wait for a condition. An interrupt ends it (lease lost). */
    private static void simulateWork(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int worker(Map<String, String> o) {
        String exploration = o.get("--exploration");
        String worker = "worker-" + ProcessHandle.current().pid()
                + (o.containsKey("--host") ? "@" + o.get("--host") : "");
        Duration lease = Duration.ofMillis(Long.parseLong(o.getOrDefault("--lease-ms", "1000")));
        CountDownLatch closed = new CountDownLatch(1);
        try (EventLog events = new EventLog(Path.of(o.get("--events")), worker);
             OpenedStore opened = DbLocation.parse(o.get("--db")).open(OpenMode.EXISTING_ONLY)) {
            RecordingChunkStore store = new RecordingChunkStore(opened.store(), events);
            ChunkHandler handler = handler(SweepEvaluator.demo(), Integer.parseInt(o.getOrDefault("--poison", "-1")),
                    Long.parseLong(o.getOrDefault("--offset", "0")),
                    Long.parseLong(o.getOrDefault("--delay-ms", "0")), events);
            WorkerLoop loop = WorkerLoop.builder(store, exploration, worker, handler).lease(lease)
                    .listener(new ChunkClusterListener() {
                        @Override
                        public void onChunkAbandoned(ChunkClusterEvent.ChunkAbandoned abandoned) {
                            events.write(Type.ABANDON, abandoned.token().chunkId(), abandoned.token().attempt(),
                                    abandoned.reason().contains("own clock") ? "SELF_FENCED" : "-", null);
                        }
                    }).build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (closed.getCount() == 0) {
                    return;
                }
                try {
                    loop.shutdown(Duration.ofSeconds(5));
                    closed.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    System.err.println(worker + " could not release its chunk on shutdown: " + e.getMessage());
                }
            }, "worker-shutdown"));
            WorkerSummary summary = loop.run();
            events.write(Type.EXIT, -1, 0, summary.reason().name(), null);
            return 0;
        } catch (ChunkClusterException e) {
            System.err.println(worker + " failed: " + e.getMessage());
            return 1;
        } finally {
            closed.countDown();
        }
    }

    private static int coordinator(Map<String, String> o) {
        DbLocation database = DbLocation.parse(o.get("--db"));
        String exploration = o.get("--exploration");
        Thread main = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.getCount() > 0) {
                main.interrupt();
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "coordinator-shutdown"));
        try (OpenedStore opened = database.open(OpenMode.EXISTING_ONLY)) {
            ChunkStore store = opened.store();
            LocalProcessController processes = LocalProcessController.create(
                    ProcessOptions.builder(database.stateDirectory()).build());
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(FaultNode.class.getName());
            command.add("worker");
            for (String key : List.of("--db", "--exploration", "--events", "--lease-ms", "--poison", "--offset",
                    "--delay-ms", "--host")) {
                if (o.containsKey(key)) {
                    command.add(key);
                    command.add(o.get(key));
                }
            }
            LaunchSpec worker = LaunchSpec.of(ProcessRole.WORKER, exploration, command);
            Supervisor.Builder supervisor = Supervisor.builder(store, processes, worker)
                    .workers(Integer.parseInt(o.getOrDefault("--workers", "2")))
                    .pollInterval(Duration.ofMillis(100))
                    .healthCheckInterval(Duration.ofMillis(Long.parseLong(o.getOrDefault("--health-interval-ms",
                            "250"))))
                    .restartBackoff(Duration.ofMillis(100), Duration.ofMillis(800));
            if (o.containsKey("--host")) {
                supervisor.leasesOnly();
            }
            SupervisorDecision decision = supervisor.build().run();
            System.err.println("coordinator ends: " + decision);
            return 0;
        } catch (InterruptedException e) {
            return 0;
        } catch (ChunkClusterException e) {
            System.err.println("coordinator failed: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
        }
    }
}
