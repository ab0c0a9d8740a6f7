package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.Announcements;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent of one host: registers a node row and heartbeats it, and follows the exploration's desired state. While
 * it is {@code running}, the core's {@link Supervisor} keeps this host's workers alive (restarts with backoff, health
 * check on leases only, since other hosts hold chunks too); when it is {@code stopped}, the agent stops its workers by
 * recorded identity (SIGTERM, the grace period, SIGKILL) and records the outcome in its row, then idles until the next
 * Start. It hears of a Stop or Start at once where the store announces them (PostgreSQL's {@code LISTEN/NOTIFY}), and
 * otherwise within one poll interval.
 *
 * <p>{@link #stop()} (the agent's SIGTERM) stops the workers, which give their chunks back, and marks the row stopped.
 */
public final class Agent {

    /** How often the agent reads the desired state when nothing wakes it; also its heartbeat interval at most. */
    public static final Duration DEFAULT_POLL_INTERVAL = NodeRegistry.DEFAULT_POLL_INTERVAL;
    /** How often the agent prunes the rows of nodes silent for longer than the keep time. */
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /**
     * How an agent runs.
     *
     * @param host         the host's name in the node rows and in its workers' names ({@code --name})
     * @param nodes        its workers and their lease
     * @param grace        between SIGTERM and SIGKILL when it stops its workers
     * @param pollInterval how often it reads the desired state without an announcement
     * @param listen       whether it listens for announcements (off: it polls only)
     * @param keepDead     how long rows of silent nodes are kept before it prunes them
     */
    public record Settings(String host, NodeSettings nodes, Duration grace, Duration pollInterval, boolean listen,
                           Duration keepDead) {

        /** @throws IllegalArgumentException naming the option of a bad value */
        public Settings {
            Objects.requireNonNull(nodes, "nodes");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(keepDead, "keepDead");
            if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("--name must be 1 to 64 letters, digits, '.', '_' or '-' (it names"
                        + " the host in the status and in its workers' names); got '" + host + "'");
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("--poll-interval must be positive; got " + pollInterval.toMillis()
                        + "ms");
            }
            if (keepDead.compareTo(nodes.lease()) <= 0) {
                throw new IllegalArgumentException("--keep-dead must be longer than the lease ("
                        + nodes.lease().toMillis() + "ms), or live nodes would be pruned; got " + keepDead.toMillis()
                        + "ms");
            }
        }
    }

    private final DbLocation database;
    private final ChunkStore store;
    private final NodeRegistry nodes;
    private final String exploration;
    private final Settings settings;
    private final ProcessController processes;
    private final Supervisor supervisor;
    private volatile boolean stopping;

    /**
     * @param database where the workers it launches find the store
     * @param registry the directory of this agent's own process registry: its workers, and no one else's
     */
    public Agent(DbLocation database, ChunkStore store, NodeRegistry nodes, String exploration, Settings settings,
                 Path registry) {
        this.database = database;
        this.store = store;
        this.nodes = nodes;
        this.exploration = exploration;
        this.settings = settings;
        this.processes = LocalProcessController.create(ProcessOptions.builder(registry).build());
        this.supervisor = Supervisor.builder(store, processes,
                        NodeLaunch.agentWorker(database, exploration, settings.nodes(),
                                SweepYears.recorded(database), settings.host()))
                .workers(settings.nodes().workers())
                .pollInterval(settings.pollInterval())
                .healthCheckInterval(settings.nodes().healthCheckInterval())
                .leasesOnly()
                .build();
    }

    /** The host's name as the kernel has it: the default of {@code --name}. */
    public static String defaultHostName() {
        return HostIdentity.hostName();
    }

    /** Asks {@link #run()} to stop its workers, mark its row stopped and return; returns at once. */
    public void stop() {
        stopping = true;
    }

    /** Runs until {@link #stop()}: registers, heartbeats, follows the desired state. */
    public void run() {
        long node = register();
        log.info("exploration '{}': agent {} (node {}) on {} follows the desired state: {} workers, poll every {} ms, "
                        + "{}", exploration, settings.host(), node, database, settings.nodes().workers(),
                settings.pollInterval().toMillis(), settings.listen() ? "listening for announcements" : "polling only");
        Duration wait = min(settings.pollInterval(), settings.nodes().lease().dividedBy(3));
        Instant nextPrune = Instant.MIN;
        boolean stopHandled = false;
        try (Announcements announcements = settings.listen() ? nodes.listen(exploration) : Announcements.polling()) {
            while (!stopping) {
                try {
                    int workers;
                    NodeState state;
                    if (store.desiredState(exploration) == DesiredState.RUNNING) {
                        if (stopHandled) {
                            log.info("exploration '{}': agent {} heard the Start; launching workers", exploration,
                                    settings.host());
                        }
                        stopHandled = false;
                        supervisor.tick();
                        workers = liveWorkers();
                        state = workers > 0 ? NodeState.RUNNING : NodeState.IDLE;
                    } else {
                        if (!stopHandled) {
                            stopWorkers(node);
                            stopHandled = true;
                        }
                        workers = liveWorkers();
                        state = NodeState.IDLE;
                    }
                    if (!nodes.heartbeat(node, state, workers)) {
                        log.warn("exploration '{}': agent {}: its node row {} was pruned; registering again",
                                exploration, settings.host(), node);
                        node = register();
                    }
                    Instant now = Instant.now();
                    if (!now.isBefore(nextPrune)) {
                        nodes.pruneSilent(exploration, settings.keepDead());
                        nextPrune = now.plus(PRUNE_INTERVAL);
                    }
                } catch (ChunkClusterException e) {
                    log.warn("exploration '{}': agent {}: {}; trying again in {} ms", exploration, settings.host(),
                            e.getMessage(), wait.toMillis());
                }
                if (!stopping && announcements.await(wait)) {
                    log.debug("exploration '{}': agent {} woken by an announcement", exploration, settings.host());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutDown(node);
    }

    private long register() {
        NodeRecord record = nodes.register(HostIdentity.of(exploration, NodeRole.AGENT, settings.host()),
                NodeState.IDLE, 0, settings.nodes().lease());
        return record.id();
    }

    private int liveWorkers() {
        return (int) processes.listLive(exploration).stream().filter(p -> p.role() == ProcessRole.WORKER).count();
    }

    /** Stops this host's workers by identity and records how it went, the worst outcome of all. */
    private void stopWorkers(long node) {
        List<ProcessStopOutcome> outcomes = processes.stopAll(exploration, settings.grace());
        ProcessStopOutcome.Kind kind = worst(outcomes);
        nodes.recordStop(node, kind);
        log.info("exploration '{}': agent {} heard the Stop: {} workers stopped, outcome {}", exploration,
                settings.host(), outcomes.size(), kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    static ProcessStopOutcome.Kind worst(List<ProcessStopOutcome> outcomes) {
        ProcessStopOutcome.Kind worst = ProcessStopOutcome.Kind.ALREADY_GONE;
        for (ProcessStopOutcome outcome : outcomes) {
            if (rank(outcome.kind()) > rank(worst)) {
                worst = outcome.kind();
            }
        }
        return worst;
    }

    private static int rank(ProcessStopOutcome.Kind kind) {
        return switch (kind) {
            case ALREADY_GONE -> 0;
            case STOPPED -> 1;
            case FORCED -> 2;
            case FAILED -> 3;
        };
    }

    private void shutDown(long node) {
        List<ProcessStopOutcome> outcomes = processes.stopAll(exploration, settings.grace());
        try {
            nodes.heartbeat(node, NodeState.STOPPED, 0);
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': agent {} could not mark its node row stopped: {}", exploration,
                    settings.host(), e.getMessage());
        }
        log.info("exploration '{}': agent {} stopped; {} workers stopped ({})", exploration, settings.host(),
                outcomes.size(), outcomes);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
