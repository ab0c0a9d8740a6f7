package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.policy.HealthCheck;
import dev.chunkcluster.core.policy.HealthReport;
import dev.chunkcluster.core.policy.NodeHealth;
import dev.chunkcluster.core.policy.NodeStops;
import dev.chunkcluster.core.policy.StartPolicy;
import dev.chunkcluster.core.policy.StartReport;
import dev.chunkcluster.core.policy.StatusQuery;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.backtest.TopResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the control CLI and the HTTP service offer, on the two ports: status, Start, Stop, results and the health
 * check. Both faces render these bodies with the same {@link Json} mapper, so {@code status --json} prints exactly
 * what {@code GET /api/cluster/status} returns. Thread-safe as far as its ports are.
 */
public final class ClusterApi {

    private static final Logger log = LoggerFactory.getLogger(ClusterApi.class);

    private final Supplier<? extends ChunkStore> store;
    private final ProcessController processes;
    /** The node registry of the store, or null where nodes are not tracked. */
    private final Supplier<? extends NodeRegistry> nodes;
    private final Duration stopGrace;
    private final String exploration;
    private final Supplier<LaunchSpec> coordinatorLaunch;
    private final StopPolicy stopPolicy;
    private final Clock clock;

    private final Object checkLock = new Object();
    private volatile HealthCheckBody lastCheck;
    private long checks;
    private long totalFixed;

    /**
     * @param coordinatorLaunch how to launch the coordinator on Start (asked only then)
     * @param stopGrace         how long a process gets between SIGTERM and SIGKILL on Stop
     */
    public ClusterApi(ChunkStore store, ProcessController processes, String exploration,
                      Supplier<LaunchSpec> coordinatorLaunch, Duration stopGrace, Clock clock) {
        this(storeOf(store), processes, exploration, coordinatorLaunch, stopGrace, clock);
    }

    /**
     * @param store opens (or returns) the store when an operation needs it; it may throw, and then every operation
     *              fails with that error except Stop, which still stops the processes ({@link StopPolicy})
     */
    public ClusterApi(Supplier<? extends ChunkStore> store, ProcessController processes, String exploration,
                      Supplier<LaunchSpec> coordinatorLaunch, Duration stopGrace, Clock clock) {
        this(store, null, processes, exploration, coordinatorLaunch, stopGrace, clock);
    }

    /**
     * An API that also shows the nodes of every host, reaches their agents on Stop and Start, and judges health across
     * hosts.
     *
     * @param nodes the node registry beside the store; asked when an operation needs it
     */
    public ClusterApi(Supplier<? extends ChunkStore> store, Supplier<? extends NodeRegistry> nodes,
                      ProcessController processes, String exploration, Supplier<LaunchSpec> coordinatorLaunch,
                      Duration stopGrace, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.nodes = nodes;
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.exploration = Objects.requireNonNull(exploration, "exploration");
        this.coordinatorLaunch = Objects.requireNonNull(coordinatorLaunch, "coordinatorLaunch");
        this.stopPolicy = new StopPolicy(store, processes, stopGrace);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static Supplier<ChunkStore> storeOf(ChunkStore store) {
        Objects.requireNonNull(store, "store");
        return () -> store;
    }

    public String exploration() {
        return exploration;
    }

    /** Throws {@link ExplorationMissingException} unless the store holds the exploration. */
    public void requireExploration() {
        if (store.get().exploration(exploration).isEmpty()) {
            throw new ExplorationMissingException(exploration);
        }
    }

    /** The status and the live processes, as types. */
    public ClusterView view() {
        List<TrackedProcess> live = processes.listLive(exploration);
        return new ClusterView(StatusQuery.status(store.get().snapshot(exploration), live.size()), live);
    }

    public StatusBody status() {
        ClusterView view = view();
        ClusterStatus status = view.status();
        ChunkCounts counts = status.chunks();
        StatusBody.Exploration body = new StatusBody.Exploration(exploration, status.progress().total(),
                status.progress().tested(), percent(status.progress().tested(), status.progress().total()),
                new StatusBody.Chunks(counts.total(), counts.completed(), counts.running(), counts.pending(),
                        counts.failed()));
        List<NodeRecord> nodeRows = nodes == null ? List.of() : nodes.get().nodes(exploration);
        NodeHealth hosts = nodeRows.isEmpty() ? NodeHealth.of(List.of(), Map.of())
                : NodeHealth.of(nodeRows, nodes.get().runningChunksByWorker(exploration));
        boolean localOk = status.health().staleRunning() == 0;
        String message = hosts.healthy() ? status.health().message()
                : localOk ? hosts.message() : status.health().message() + "; " + hosts.message();
        StatusBody.Health health = new StatusBody.Health(status.health().staleRunning(), message,
                status.health().expiredLeases(), view.live().size(), lastCheck, hosts.staleNodes(),
                hosts.orphanedRunning(), hosts.silentHostsWithChunks());
        return new StatusBody(status.state().name(), !view.live().isEmpty(), status.desired().dbValue(), body,
                health, view.live().stream().map(ProcessBody::of).toList(),
                nodeRows.stream().map(NodeBody::of).toList());
    }

    /** The agents alive now, on any host; empty where nodes are not tracked. */
    private List<NodeRecord> liveAgents() {
        if (nodes == null) {
            return List.of();
        }
        return nodes.get().nodes(exploration).stream()
                .filter(n -> n.identity().role() == NodeRole.AGENT && n.alive()).toList();
    }

    /** Start: reset stale running chunks, desired state running, launch the coordinator unless one is alive. */
    public ControlBody start() {
        requireExploration();
        List<NodeRecord> agents = liveAgents();
        if (!agents.isEmpty()) {
            return startAgents(agents);
        }
        StartReport report = new StartPolicy(store.get(), processes).start(coordinatorLaunch.get());
        List<ControlBody.Outcome> details = report.coordinator()
                .map(p -> List.of(new ControlBody.Outcome(p.role().label(), p.pid(),
                        report.launched() ? "launched" : "already running",
                        p.logFile() == null ? "" : "log " + p.logFile())))
                .orElse(List.of());
        boolean running = !processes.listLive(exploration).isEmpty();
        return new ControlBody("start", report.coordinator().isPresent(), report.message(), running,
                report.chunksReset(), report.totalPending(),
                new ControlBody.Processes(report.launched() ? 1 : 0, 0, 0, 0, 0, details), List.of());
    }

    /**
     * Start where agents are alive: they keep the workers, so this host launches no coordinator. Chunks whose lease
     * ran out go back to pending, the desired state becomes running, and the agents hear of it at once.
     */
    private ControlBody startAgents(List<NodeRecord> agents) {
        ChunkStore chunks = store.get();
        long expired = chunks.resetExpiredLeases(exploration).total();
        chunks.setDesiredState(exploration, DesiredState.RUNNING);
        NodeRegistry registry = nodes.get();
        try {
            registry.announce(exploration);
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': could not announce the Start ({}); agents find it within their poll interval",
                    exploration, e.getMessage());
        }
        long pending = chunks.snapshot(exploration).counts().pending();
        String hosts = agents.stream().map(a -> a.identity().host()).distinct().collect(Collectors.joining(", "));
        String message = "exploration '" + exploration + "' marked running (" + pending + " pending"
                + (expired > 0 ? ", " + expired + " expired leases put back" : "") + "); the agents on " + hosts
                + " launch the workers";
        log.info("exploration '{}': {}", exploration, message);
        List<ControlBody.NodeOutcome> outcomes = agents.stream().map(a -> new ControlBody.NodeOutcome(
                a.identity().host(), a.identity().role().dbValue(), a.identity().pid(), "notified",
                "launches up to its --workers workers")).toList();
        return new ControlBody("start", true, message, !processes.listLive(exploration).isEmpty(), expired, pending,
                new ControlBody.Processes(0, 0, 0, 0, 0, List.of()), outcomes);
    }

    /**
     * Stop, database first: reset running chunks to pending, then stop every tracked process, even when the store
     * cannot be opened (the report then says why the database step failed). A store without the exploration is
     * {@link ExplorationMissingException}, as for every other operation.
     */
    public ControlBody stop() {
        try {
            requireExploration();
        } catch (ExplorationMissingException e) {
            throw e;
        } catch (ChunkClusterException e) {
            // the store cannot be opened: the Stop policy reports it and still stops the processes
        }
        NodeStops nodeStops = null;
        NodeStops.Before before = null;
        if (nodes != null) {
            try {
                nodeStops = new NodeStops(nodes.get(), clock);
                before = nodeStops.before(exploration);
            } catch (ChunkClusterException e) {
                log.warn("exploration '{}': cannot read the nodes before the Stop ({}); reporting local processes only",
                        exploration, e.getMessage());
            }
        }
        StopReport report = stopPolicy.stop(exploration);
        List<ControlBody.NodeOutcome> nodeOutcomes = before == null ? List.of() : awaitAgents(nodeStops, before);
        List<ControlBody.Outcome> details = report.processes().stream()
                .map(o -> new ControlBody.Outcome(o.process().role().label(), o.pid(),
                        o.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        o.detail() == null ? "" : o.detail()))
                .toList();
        boolean running;
        try {
            running = !processes.listLive(exploration).isEmpty();
        } catch (ChunkClusterException e) {
            running = !report.success(); // the processes cannot be listed: after a failed Stop, some may run
        }
        return new ControlBody("stop", report.success(), report.message(), running, report.chunksReset(),
                report.totalPending(), new ControlBody.Processes(0,
                (int) report.count(ProcessStopOutcome.Kind.STOPPED), (int) report.count(ProcessStopOutcome.Kind.FORCED),
                (int) report.count(ProcessStopOutcome.Kind.ALREADY_GONE),
                (int) report.count(ProcessStopOutcome.Kind.FAILED), details), nodeOutcomes);
    }

    /** Each agent's outcome, waiting up to the grace period, one poll interval and a margin. */
    private List<ControlBody.NodeOutcome> awaitAgents(NodeStops nodeStops, NodeStops.Before before) {
        Duration wait = stopGrace.plus(NodeRegistry.DEFAULT_POLL_INTERVAL).plus(NodeStops.DEFAULT_MARGIN);
        try {
            return nodeStops.await(exploration, before, wait).stream()
                    .map(r -> new ControlBody.NodeOutcome(r.node().identity().host(),
                            r.node().identity().role().dbValue(), r.node().identity().pid(), r.outcome().label(),
                            r.detail()))
                    .toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': cannot read the agents' outcomes ({}); the Stop itself is done", exploration,
                    e.getMessage());
            return List.of();
        }
    }

    /**
     * The best {@code top} parameter sets recorded so far: the merge of the completed chunks' own top tens, which is
     * exact because the ranking order is total.
     *
     * @param top 1 to {@value SweepEvaluator#TOP}
     */
    public ResultsBody results(int top) {
        if (top < 1 || top > SweepEvaluator.TOP) {
            throw new IllegalArgumentException("top must be 1 to " + SweepEvaluator.TOP
                    + " (each chunk records its " + SweepEvaluator.TOP + " best sets); got " + top);
        }
        ChunkStore store = this.store.get();
        ExplorationSnapshot snapshot = store.snapshot(exploration);
        TopResults best = new TopResults(top);
        long[] completed = {0};
        store.forEachChunk(exploration, ChunkStatus.COMPLETED, chunk -> {
            completed[0]++;
            if (chunk.result() == null) {
                return;
            }
            try {
                best.offerAll(ChunkResult.fromJson(chunk.result()).top());
            } catch (IllegalArgumentException e) {
                log.warn("exploration '{}': chunk {} has a result this program cannot read, skipped: {}",
                        exploration, chunk.index(), e.getMessage());
            }
        });
        ChunkCounts counts = snapshot.counts();
        return new ResultsBody(exploration, ChunkResult.METRIC, snapshot.spec().totalCombinations(),
                snapshot.testedCombinations(), counts.total(), completed[0],
                counts.total() > 0 && counts.completed() == counts.total(), ResultsBody.entries(best.best()));
    }

    /**
     * Runs the health check once (reset expired leases; reset running chunks when no tracked process is alive) and
     * remembers what it did for {@link StatusBody.Health#lastCheck()}. Never throws for a store or process error: the
     * error is reported in the body.
     */
    public HealthCheckBody runHealthCheck() {
        String at = clock.instant().toString();
        HealthCheckBody body;
        try {
            HealthReport report = HealthCheck.withProcesses(store.get(), processes).check(exploration);
            synchronized (checkLock) {
                checks++;
                totalFixed += report.fixed();
                body = new HealthCheckBody(at, report.fixed(), report.message(), checks, totalFixed, null);
            }
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': health check failed: {}", exploration, e.getMessage());
            synchronized (checkLock) {
                checks++;
                body = new HealthCheckBody(at, 0, "health check failed", checks, totalFixed, e.getMessage());
            }
        }
        lastCheck = body;
        return body;
    }

    /** Tested over total as a percentage with two decimals, rounded down so that 100 means all. */
    public static double percent(long tested, long total) {
        if (total <= 0) {
            return 0.0;
        }
        return Math.floor(tested * 10_000.0 / total) / 100.0;
    }
}
