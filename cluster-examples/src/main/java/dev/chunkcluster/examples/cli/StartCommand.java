package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.node.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code start}: launches the coordinator in the background and returns. */
@Command(name = "start",
        description = "Resets stale running chunks, marks the exploration running and launches the coordinator in"
                + " the background (unless a live one is tracked), then returns.")
public final class StartCommand extends DbCommand {

    @Mixin
    NodeOptions nodes;

    @Option(names = "--json", description = "Print the body of POST /api/cluster/control {\"action\": \"start\"}.")
    boolean json;

    @Override
    void checkOptions() {
        super.checkOptions();
        nodes.settings();
    }

    @Override
    public Integer call() {
        try (LocalCluster cluster = LocalCluster.openExisting(database)) {
            ClusterApi api = api(cluster, nodes.settings());
            api.requireExploration();
            ControlBody body = api.start();
            if (json) {
                out().println(Json.write(body));
            } else if (body.success()) {
                out().println(body.message());
            }
            return body.success() ? 0 : fail(body.message());
        }
    }
}
