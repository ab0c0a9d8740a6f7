package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.api.ResultsBody;
import dev.chunkcluster.examples.api.StatusBody;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.ParameterSpace;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeLaunch;
import dev.chunkcluster.examples.node.NodeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code explore}: the main job. Creates or resumes the exploration, launches the coordinator (which keeps N workers
 * alive), shows progress until the exploration is complete, and prints the ten best parameter sets. Ctrl-C runs the
 * database-first Stop. {@code --inline} runs the same sweep in this thread, with no database and no processes.
 */
@Command(name = "explore",
        description = {"Runs the backtest sweep (4,096 parameter sets) on a local cluster: creates the exploration or"
                + " resumes it, launches a coordinator and N worker processes, shows progress, and prints the ten"
                + " best parameter sets. Ctrl-C stops it database first; run explore again to resume.",
                "With --inline, runs the same sweep in one thread of this process instead: no database, no"
                        + " processes, the baseline for the cluster's overhead."})
public final class ExploreCommand extends DbCommand {

    private static final Logger log = LoggerFactory.getLogger(ExploreCommand.class);

    /**
     * How often the progress is read. Each read costs the machine a few milliseconds of the CPU the workers use, so
     * not more often than the eye needs; the coordinator's exit wakes the loop at once (see {@link #monitor}).
     */
    private static final Duration POLL = Duration.ofMillis(500);
    /** After the last chunk the processes exit within moments; a short poll reports the results sooner. */
    private static final Duration EXIT_POLL = Duration.ofMillis(50);
    /** How long no tracked process may be alive before explore concludes the coordinator is gone. */
    private static final Duration ORPHAN_PATIENCE = Duration.ofSeconds(5);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker processes (default: the number of cores, here ${sys:chunkcluster.cores}).")
    Integer workers;

    @Option(names = "--chunk-size", paramLabel = "K",
            description = "Combinations per chunk when the exploration is created (default: " + Sweep.DEFAULT_CHUNK_SIZE
                    + "). A resumed exploration keeps its own; giving another is an error.")
    Long chunkSize;

    @Option(names = "--inline", description = "Run the sweep in this thread: no database, no processes.")
    boolean inline;

    @Option(names = "--json", description = "Print only the final results, as the body of"
            + " GET /api/cluster/results (no progress, no messages).")
    boolean json;

    @Option(names = "--retry-failed",
            description = "Give failed chunks a fresh set of tries before starting.")
    boolean retryFailed;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "On Ctrl-C, time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--combinations", hidden = true,
            description = "Explore only the first N combinations (for quick tests).")
    Long combinations;

    @Option(names = "--lease", hidden = true, converter = DurationConverter.class, defaultValue = "10s",
            description = "A worker's lease on its chunk.")
    Duration lease;

    @Option(names = "--health-interval", hidden = true, converter = DurationConverter.class, defaultValue = "2s",
            description = "How often the coordinator runs the health check.")
    Duration healthInterval;

    static {
        System.setProperty("chunkcluster.cores", Integer.toString(NodeSettings.defaultWorkers()));
    }

    @Override
    public Integer call() {
        return inline ? inline() : cluster();
    }

    private int inline() {
        long total = combinations == null ? ParameterSpace.SIZE : combinations;
        Sweep.spec(total, chunkSize == null ? total : chunkSize);
        PrintWriter out = messages();
        out.printf(Locale.ROOT, "Evaluating %,d combinations in one thread of this process (no database, no"
                + " processes)%n", total);
        out.flush();
        long start = System.nanoTime();
        ChunkResult result;
        try (ProgressDisplay display = ProgressDisplay.create(out, total, 0, !json && ProgressDisplay.terminal())) {
            result = SweepEvaluator.demo().evaluate(0, total, tested -> display.update(tested, "INLINE"),
                    () -> false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Evaluated %,d combinations in %.1f s (%.2f ms per combination)%n", total, seconds,
                seconds * 1000 / total);
        printResults(new ResultsBody("inline", ChunkResult.METRIC, total, total, 1, 1, true,
                ResultsBody.entries(result.top())));
        return 0;
    }

    private int cluster() {
        NodeSettings settings = new NodeSettings(workers(workers), lease, healthInterval);
        PrintWriter out = messages();
        try (LocalCluster cluster = LocalCluster.open(database, grace)) {
            ExplorationSpec spec = createOrResume(cluster.store(), out, cluster);
            ClusterApi api = api(cluster, settings, grace);
            if (retryFailed) {
                long retried = cluster.store().retryFailed(spec.name());
                out.println("Gave " + retried + " failed chunks a fresh set of tries");
            }
            StatusBody before = api.status();
            if ("COMPLETE".equals(before.state())) {
                out.println("The exploration is already complete; its results:");
                printResults(api.results(SweepEvaluator.TOP));
                return 0;
            }
            long start = System.nanoTime();
            NodeLaunch.prepare();
            CtrlC ctrlC = new CtrlC(api, json ? err() : out);
            ctrlC.arm();
            try {
                ControlBody started = api.start();
                if (!started.success()) {
                    return fail(started.message() + ("IDLE".equals(before.state())
                            ? "; some chunks failed: see `status`, then run `explore --retry-failed`" : ""));
                }
                out.println(started.message());
                out.flush();
                log.debug("exploration '{}': {}", spec.name(), started.message());
                long alreadyTested = before.exploration().testedCombinations();
                Outcome outcome = monitor(api, spec, alreadyTested, ctrlC, coordinatorExit(started));
                if (ctrlC.fired()) {
                    ctrlC.awaitForever();
                }
                ctrlC.disarm();
                awaitExit(api);
                double seconds = (System.nanoTime() - start) / 1e9;
                return report(outcome, api, spec, settings, seconds, alreadyTested);
            } finally {
                ctrlC.disarm();
            }
        }
    }

    private ExplorationSpec createOrResume(ChunkStore store, PrintWriter out, LocalCluster cluster) {
        Optional<ExplorationSpec> existing = store.exploration(Sweep.NAME);
        if (existing.isPresent()) {
            ExplorationSpec spec = existing.get();
            if (chunkSize != null && chunkSize != spec.chunkSize()) {
                throw new ChunkClusterException("exploration '" + spec.name() + "' in " + cluster.database()
                        + " already has chunks of " + spec.chunkSize() + ", not " + chunkSize + "; resume it without"
                        + " --chunk-size (or with --chunk-size " + spec.chunkSize() + "), or use another --db");
            }
            if (combinations != null && combinations != spec.totalCombinations()) {
                throw new ChunkClusterException("exploration '" + spec.name() + "' in " + cluster.database()
                        + " has " + spec.totalCombinations() + " combinations, not " + combinations
                        + "; use another --db");
            }
            out.println("Resuming exploration '" + spec.name() + "' in " + cluster.database() + ": "
                    + spec.describe());
            return spec;
        }
        ExplorationSpec spec = Sweep.spec(combinations == null ? ParameterSpace.SIZE : combinations,
                chunkSize == null ? Sweep.DEFAULT_CHUNK_SIZE : chunkSize);
        store.createExploration(spec);
        out.println("Created exploration '" + spec.name() + "' in " + cluster.database() + ": " + spec.totalCombinations()
                + " combinations in " + spec.chunkCount() + " chunks of " + spec.chunkSize());
        return spec;
    }

    private enum Outcome { COMPLETE, IDLE, STOPPED_ELSEWHERE, COORDINATOR_GONE, INTERRUPTED }

    /**
     * Completes when the coordinator that Start launched or found exits: it exits when the exploration is complete,
     * idle or stopped, so the monitor looks at once instead of at its next poll. Never completes when Start reported
     * no coordinator or it is already gone.
     */
    private static CompletableFuture<?> coordinatorExit(ControlBody started) {
        return started.processes().details().stream()
                .filter(p -> p.role().equals(ProcessRole.COORDINATOR.label()))
                .findFirst()
                .flatMap(p -> ProcessHandle.of(p.pid()))
                .<CompletableFuture<?>>map(ProcessHandle::onExit)
                .orElseGet(CompletableFuture::new);
    }

    private Outcome monitor(ClusterApi api, ExplorationSpec spec, long alreadyTested, CtrlC ctrlC,
                            CompletableFuture<?> coordinatorExit) {
        long nobodySince = -1;
        try (ProgressDisplay display = ProgressDisplay.create(messages(), spec.totalCombinations(), alreadyTested,
                !json && ProgressDisplay.terminal())) {
            ctrlC.display(display);
            while (true) {
                if (ctrlC.fired()) {
                    return Outcome.INTERRUPTED;
                }
                StatusBody status = api.status();
                long workersAlive = status.processes().stream().filter(p -> p.role().equals("worker")).count();
                display.update(status.exploration().testedCombinations(), status.state()
                        + (workersAlive > 0 ? " · " + workersAlive + " workers" : ""));
                switch (status.state()) {
                    case "COMPLETE" -> {
                        return Outcome.COMPLETE;
                    }
                    case "IDLE" -> {
                        return Outcome.IDLE;
                    }
                    default -> {
                    }
                }
                if ("stopped".equals(status.desired())) {
                    return Outcome.STOPPED_ELSEWHERE;
                }
                if (status.processes().isEmpty()) {
                    long now = System.nanoTime();
                    if (nobodySince < 0) {
                        nobodySince = now;
                    } else if (now - nobodySince > ORPHAN_PATIENCE.toNanos()) {
                        return Outcome.COORDINATOR_GONE;
                    }
                } else {
                    nobodySince = -1;
                }
                try {
                    if (coordinatorExit.isDone()) {
                        Thread.sleep(POLL.toMillis());
                    } else {
                        coordinatorExit.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (TimeoutException | ExecutionException e) {
                    // the poll interval passed: look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.INTERRUPTED;
                }
            }
        }
    }

    /** Waits a little for the coordinator and workers to exit by themselves after the last chunk. */
    private static void awaitExit(ClusterApi api) {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (System.nanoTime() < deadline && api.status().isRunning()) {
            try {
                Thread.sleep(EXIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int report(Outcome outcome, ClusterApi api, ExplorationSpec spec, NodeSettings settings, double seconds,
                       long alreadyTested) {
        PrintWriter out = messages();
        StatusBody status = api.status();
        switch (outcome) {
            case COMPLETE -> {
                long total = status.exploration().testedCombinations();
                if (alreadyTested == 0) {
                    out.printf(Locale.ROOT, "Explored %,d combinations in %d chunks with %d workers in %.1f s%n",
                            total, spec.chunkCount(), settings.workers(), seconds);
                } else {
                    out.printf(Locale.ROOT, "Explored all %,d combinations in %d chunks; this run tested the last %,d"
                            + " with %d workers in %.1f s%n", total, spec.chunkCount(), total - alreadyTested,
                            settings.workers(), seconds);
                }
                printResults(api.results(SweepEvaluator.TOP));
                return 0;
            }
            case IDLE -> {
                if (!json) {
                    ResultsTable.print(out, api.results(SweepEvaluator.TOP));
                }
                return fail("the exploration ended with " + status.exploration().chunks().failed()
                        + " failed chunks (each failed " + spec.maxFailures() + " times); see the worker logs in "
                        + "the directory beside the database, then run `explore --retry-failed`");
            }
            case STOPPED_ELSEWHERE -> {
                return fail("the exploration was stopped by another command (" + status.exploration().chunks()
                        .pending() + " chunks pending); run explore again to resume");
            }
            case COORDINATOR_GONE -> {
                return fail("the coordinator exited before the exploration finished and no worker is alive ("
                        + status.exploration().chunks().pending() + " chunks pending); see its log in the directory"
                        + " beside the database, then run explore again to resume");
            }
            default -> {
                return Failures.INTERRUPTED;
            }
        }
    }

    /** Where progress and messages go: standard output, or nowhere with {@code --json}. */
    private PrintWriter messages() {
        return json ? new PrintWriter(Writer.nullWriter()) : out();
    }

    private void printResults(ResultsBody results) {
        if (json) {
            out().println(Json.write(results));
            out().flush();
        } else {
            ResultsTable.print(out(), results);
        }
    }

    /** Ctrl-C while exploring: the database-first Stop, and a line saying what it reset. */
    private static final class CtrlC {
        private final ClusterApi api;
        private final PrintWriter out;
        private final AtomicBoolean fired = new AtomicBoolean();
        private final Thread hook;
        private volatile ProgressDisplay display;
        private boolean armed;

        CtrlC(ClusterApi api, PrintWriter out) {
            this.api = api;
            this.out = out;
            this.hook = new Thread(this::stop, "explore-ctrl-c");
        }

        void display(ProgressDisplay display) {
            this.display = display;
        }

        void arm() {
            Runtime.getRuntime().addShutdownHook(hook);
            armed = true;
        }

        void disarm() {
            if (armed && !fired.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook runs
                }
                armed = false;
            }
        }

        boolean fired() {
            return fired.get();
        }

        /** The JVM is shutting down and the hook reports; nothing more to do in this thread. */
        void awaitForever() {
            try {
                hook.join();
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void stop() {
            fired.set(true);
            ProgressDisplay shown = display;
            if (shown != null) {
                shown.close();
            }
            out.println("Stopping (Ctrl-C), database first...");
            out.flush();
            try {
                ControlBody stopped = api.stop();
                out.println(stopped.message());
                out.println("Run explore again to resume.");
            } catch (RuntimeException e) {
                out.println("Stop failed: " + Failures.describe(e) + "; run `stop` to try again");
            }
            out.flush();
        }
    }
}
