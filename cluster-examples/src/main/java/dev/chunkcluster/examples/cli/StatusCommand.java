package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.api.ProcessBody;
import dev.chunkcluster.examples.api.StatusBody;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
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
        try (LocalCluster cluster = LocalCluster.openInitialized(database, StopPolicy.DEFAULT_GRACE)) {
            ClusterApi api = api(cluster, NodeSettings.of(1));
            api.requireExploration();
            StatusBody status = api.status();
            if (json) {
                out().println(Json.write(status));
            } else {
                print(out(), status, cluster);
            }
            return 0;
        }
    }

    static void print(PrintWriter out, StatusBody status, LocalCluster cluster) {
        StatusBody.Exploration e = status.exploration();
        StatusBody.Chunks c = e.chunks();
        String state = status.state() + ("PENDING".equals(status.state()) ? " (" + c.pending() + " pending)" : "");
        out.println("Exploration '" + e.name() + "' in " + cluster.database() + ": " + state
                + (status.desired().equals("stopped") ? ", stopped" : ""));
        out.printf(Locale.ROOT, "  tested     %,d / %,d combinations (%.2f %%)%n", e.testedCombinations(),
                e.totalCombinations(), e.progress());
        out.printf(Locale.ROOT, "  chunks     %d total: %d completed, %d running, %d pending, %d failed%n", c.total(),
                c.completed(), c.running(), c.pending(), c.failed());
        out.println("  processes  " + (status.processes().isEmpty() ? "none alive"
                : status.processes().stream().map(StatusCommand::describe).collect(Collectors.joining(", "))));
        out.println("  health     " + (status.health().staleRunning() == 0 ? "ok"
                : "WARNING: " + status.health().message()));
    }

    private static String describe(ProcessBody process) {
        return process.role() + " pid " + process.pid();
    }
}
