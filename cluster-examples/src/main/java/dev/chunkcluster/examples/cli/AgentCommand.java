package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.examples.node.Agent;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code agent}: the long-lived process of one host in a cluster of several (one per host, a systemd unit). It runs
 * until SIGTERM; see {@link Agent}.
 */
@Command(name = "agent",
        description = {"Runs this host's agent until SIGTERM: registers the host in the shared PostgreSQL database,"
                + " heartbeats, and follows the exploration: while it is running, keeps --workers local workers"
                + " alive; after a Stop (from any host), stops them and records how; after a Start, launches them"
                + " again. One agent per host."})
public final class AgentCommand extends DbCommand {

    @Mixin
    NodeOptions nodes;

    @Mixin
    GraceOption grace;

    @Option(names = "--name", paramLabel = "NAME",
            description = "This host's name in the status and in its workers' names (default: the host name).")
    String name;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the agent reads the desired state when no notification wakes it"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--keep-dead", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the rows of nodes that stopped heartbeating are kept, so the status can say"
                    + " who died when (default: ${DEFAULT-VALUE}).")
    Duration keepDead;

    /** A test knob: the agent does not LISTEN, so only its poll finds a Stop or Start. */
    @Option(names = "--no-listen", hidden = true)
    boolean noListen;

    private Agent.Settings settings() {
        try {
            NodeSettings node = nodes.settings();
            return new Agent.Settings(name == null ? Agent.defaultHostName() : name, node, grace.grace(),
                    pollInterval, !noListen, keepDead);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    void checkOptions() {
        super.checkOptions();
        if (!database.isPostgres()) {
            throw usage("agent needs a shared PostgreSQL database (--db jdbc:postgresql://HOST:PORT/DATABASE?user="
                    + "NAME): agents on several hosts meet only in the database, and a SQLite file (here "
                    + database + ") cannot be shared between hosts. On one host, run `start --db " + database
                    + "` instead: its coordinator keeps the workers");
        }
        settings();
    }

    @Override
    public Integer call() {
        Agent.Settings settings = settings();
        try (LocalCluster cluster = LocalCluster.openInitialized(database)) {
            DbCommand.api(cluster, NodeSettings.of(1)).requireExploration();
            NodeRegistry registry = cluster.nodes();
            Path stateDirectory = database.stateDirectory();
            Path agentRegistry = stateDirectory.resolveSibling(stateDirectory.getFileName() + "-agent-"
                    + settings.host());
            Agent agent = new Agent(database, cluster.store(), registry, LocalCluster.EXPLORATION, settings,
                    agentRegistry);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                agent.stop();
                try {
                    finished.await(settings.grace().plus(settings.pollInterval()).plusSeconds(10).toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "agent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                agent.run();
            } finally {
                finished.countDown();
            }
            return 0;
        }
    }

    @Override
    boolean chatty() {
        return true;
    }
}
