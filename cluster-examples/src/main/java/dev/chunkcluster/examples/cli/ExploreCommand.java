package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.status.ClusterState;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.ResultsBody;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.ParameterSpace;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import dev.chunkcluster.examples.node.SweepYears;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code explore}: the main job. Creates or resumes the exploration, launches the coordinator (which keeps N workers
 * alive), shows progress until the exploration is complete ({@link ExploreMonitor}), and prints the ten best parameter
 * sets ({@link ExploreReport}). Ctrl-C runs the database-first Stop ({@link CtrlCStop}). {@code --inline} runs the
 * same sweep in this thread, with no database and no processes.
 */
@Command(name = "explore",
        description = {"Runs the backtest sweep (4,096 parameter sets) on a local cluster: creates the exploration or"
                + " resumes it, launches a coordinator and N worker processes, shows progress, and prints the ten"
                + " best parameter sets. Ctrl-C stops it database first; run explore again to resume.",
                "With --inline, runs the same sweep in one thread of this process instead: no database, no"
                        + " processes, the baseline for the cluster's overhead."})
public final class ExploreCommand extends DbCommand {

    private static final Logger log = LoggerFactory.getLogger(ExploreCommand.class);

    @Mixin
    NodeOptions nodes;

    @Mixin
    SweepOptions sweep;

    @Mixin
    GraceOption grace;

    @Option(names = "--inline", description = "Run the sweep in this thread: no database, no processes.")
    boolean inline;

    @Option(names = "--json", description = "Print only the final results, as the body of"
            + " GET /api/cluster/results (no progress, no messages).")
    boolean json;

    @Option(names = "--retry-failed",
            description = "Give failed chunks a fresh set of tries before starting.")
    boolean retryFailed;

    @Override
    void checkOptions() {
        sweep.years();
        if (inline) {
            sweep.spec(ParameterSpace.SIZE, ParameterSpace.SIZE);
            return;
        }
        super.checkOptions();
        nodes.settings();
        grace.grace();
        sweep.spec(ParameterSpace.SIZE, Sweep.DEFAULT_CHUNK_SIZE);
    }

    @Override
    boolean createsDatabase() {
        return !inline;
    }

    @Override
    Optional<Path> logFile() {
        return inline ? Optional.empty() : super.logFile();
    }

    @Override
    public Integer call() {
        ExploreReport report = new ExploreReport(out(), json ? new PrintWriter(Writer.nullWriter()) : out(), json);
        return inline ? inline(report) : cluster(report);
    }

    private int inline(ExploreReport report) {
        long total = sweep.spec(ParameterSpace.SIZE, ParameterSpace.SIZE).totalCombinations();
        int years = sweep.years();
        PrintWriter out = report.messages();
        out.printf(Locale.ROOT, "Evaluating %,d combinations over %d years of prices in one thread of this process"
                + " (no database, no processes)%n", total, years);
        out.flush();
        long start = System.nanoTime();
        ChunkResult result;
        try (ProgressDisplay display = ProgressDisplay.create(out, total, 0, !json && ProgressDisplay.terminal())) {
            result = SweepEvaluator.demo(years).evaluate(0, total, tested -> display.update(tested, "INLINE"),
                    () -> false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Evaluated %,d combinations in %.1f s (%.2f ms per combination)%n", total, seconds,
                seconds * 1000 / total);
        report.results(new ResultsBody("inline", ChunkResult.METRIC, total, total, 1, 1, true,
                ResultsBody.entries(result.top())));
        return 0;
    }

    private int cluster(ExploreReport report) {
        NodeSettings settings = nodes.settings();
        PrintWriter out = report.messages();
        try (LocalCluster cluster = LocalCluster.open(database)) {
            ExplorationSpec spec = createOrResume(cluster.store(), out, cluster);
            ClusterApi api = api(cluster, settings, grace.grace());
            if (retryFailed) {
                long retried = cluster.store().retryFailed(spec.name());
                out.println("Gave " + retried + " failed chunks a fresh set of tries");
            }
            ClusterStatus before = api.view().status();
            if (before.state() == ClusterState.COMPLETE) {
                out.println("The exploration is already complete; its results:");
                report.results(api.results(SweepEvaluator.TOP));
                return 0;
            }
            long start = System.nanoTime();
            CtrlCStop ctrlC = new CtrlCStop(api, json ? err() : out);
            ctrlC.arm();
            try {
                ControlBody started = api.start();
                if (!started.success()) {
                    return fail(started.message() + (before.state() == ClusterState.IDLE
                            ? "; some chunks failed: see `status`, then run `explore --retry-failed`" : ""));
                }
                out.println(started.message());
                out.flush();
                log.debug("exploration '{}': {}", spec.name(), started.message());
                long alreadyTested = before.progress().tested();
                ExploreMonitor monitor = new ExploreMonitor(api, ctrlC);
                ExploreMonitor.Outcome outcome;
                try (ProgressDisplay display = ProgressDisplay.create(out, spec.totalCombinations(), alreadyTested,
                        !json && ProgressDisplay.terminal())) {
                    ctrlC.display(display);
                    outcome = monitor.watch(display, coordinatorExit(api));
                }
                if (ctrlC.fired()) {
                    ctrlC.awaitForever();
                }
                ctrlC.disarm();
                monitor.awaitExit();
                double seconds = (System.nanoTime() - start) / 1e9;
                return report.end(outcome, api, spec, settings.workers(), seconds, alreadyTested, this);
            } finally {
                ctrlC.disarm();
            }
        }
    }

    /**
     * Completes when the live coordinator exits: it exits when the exploration is complete, idle or stopped, so the
     * monitor looks at once instead of at its next poll. Never completes when no coordinator is alive.
     */
    private static CompletableFuture<?> coordinatorExit(ClusterApi api) {
        return api.view().coordinator()
                .flatMap(p -> ProcessHandle.of(p.pid()))
                .<CompletableFuture<?>>map(ProcessHandle::onExit)
                .orElseGet(CompletableFuture::new);
    }

    private ExplorationSpec createOrResume(ChunkStore store, PrintWriter out, LocalCluster cluster) {
        Optional<ExplorationSpec> existing = store.exploration(Sweep.NAME);
        if (existing.isPresent()) {
            ExplorationSpec spec = existing.get();
            if (sweep.chunkSize != null && sweep.chunkSize != spec.chunkSize()) {
                throw new ChunkClusterException("exploration '" + spec.name() + "' in " + cluster.database()
                        + " already has chunks of " + spec.chunkSize() + ", not " + sweep.chunkSize + "; resume it"
                        + " without --chunk-size (or with --chunk-size " + spec.chunkSize() + "), or use another --db");
            }
            if (sweep.combinations != null && sweep.combinations != spec.totalCombinations()) {
                throw new ChunkClusterException("exploration '" + spec.name() + "' in " + cluster.database()
                        + " has " + spec.totalCombinations() + " combinations, not " + sweep.combinations
                        + "; use another --db");
            }
            int years = SweepYears.recorded(cluster.database());
            sweep.checkResumedYears(spec.name(), cluster.database(), years);
            out.println("Resuming exploration '" + spec.name() + "' in " + cluster.database() + ": "
                    + spec.describe() + ", " + years + " years of prices");
            return spec;
        }
        ExplorationSpec spec = sweep.spec(ParameterSpace.SIZE, Sweep.DEFAULT_CHUNK_SIZE);
        SweepYears.record(cluster.database(), sweep.years());
        store.createExploration(spec);
        out.println("Created exploration '" + spec.name() + "' in " + cluster.database() + ": "
                + spec.totalCombinations() + " combinations in " + spec.chunkCount() + " chunks of "
                + spec.chunkSize() + ", " + sweep.years() + " years of prices");
        return spec;
    }
}
