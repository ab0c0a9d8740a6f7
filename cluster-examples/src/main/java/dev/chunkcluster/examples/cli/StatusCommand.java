package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ClusterView;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.api.NodeBody;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code status}: the four-state status, progress, health and live processes. */
@Command(name = "status",
        description = "Shows the exploration's state (PROCESSING, PENDING, COMPLETE or IDLE), progress, health and"
                + " live processes.")
public final class StatusCommand extends DbCommand {

    @Option(names = "--json", description = "Print the body of GET /api/cluster/status.")
    boolean json;

    @Override
    public Integer call() {
        try (LocalCluster cluster = LocalCluster.openInitialized(database)) {
            ClusterApi api = api(cluster, NodeSettings.of(1));
            api.requireExploration();
            if (json) {
                out().println(Json.write(api.status()));
            } else {
                print(out(), api.view(), cluster);
                printNodes(out(), api.status().nodes());
            }
            return 0;
        }
    }

    /** The hosts' agents, one line each. */
    static void printNodes(PrintWriter out, List<NodeBody> nodes) {
        for (NodeBody node : nodes) {
            out.printf(Locale.ROOT, "  host       %s: %s pid %d %s, %d workers, heartbeat %d ms ago%s%n", node.host(),
                    node.role(), node.pid(), node.alive() ? "alive" : "NOT ALIVE (" + node.state() + ")",
                    node.workers(), node.heartbeatAgeMs(),
                    node.lastStop() == null ? "" : ", last Stop: " + node.lastStop());
        }
    }

    static void print(PrintWriter out, ClusterView view, LocalCluster cluster) {
        ClusterStatus status = view.status();
        ChunkCounts c = status.chunks();
        out.println("Exploration '" + status.exploration() + "' in " + cluster.database() + ": "
                + status.describeState() + (status.desired() == DesiredState.STOPPED ? ", stopped" : ""));
        out.printf(Locale.ROOT, "  tested     %,d / %,d combinations (%.2f %%)%n", status.progress().tested(),
                status.progress().total(), ClusterApi.percent(status.progress().tested(), status.progress().total()));
        out.printf(Locale.ROOT, "  chunks     %d total: %d completed, %d running, %d pending, %d failed%n", c.total(),
                c.completed(), c.running(), c.pending(), c.failed());
        out.println("  processes  " + (view.live().isEmpty() ? "none alive" : view.live().stream()
                .map(p -> p.role().label() + " pid " + p.pid()).collect(Collectors.joining(", "))));
        out.println("  health     " + (status.health().staleRunning() == 0 ? "ok"
                : "WARNING: " + status.health().message()));
    }
}
