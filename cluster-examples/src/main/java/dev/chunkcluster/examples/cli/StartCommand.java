package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeLaunch;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code start}: launches the coordinator in the background and returns. */
@Command(name = "start",
        description = "Resets stale running chunks, marks the exploration running and launches the coordinator in"
                + " the background (unless a live one is tracked), then returns.")
public final class StartCommand extends DbCommand {

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker processes the coordinator keeps alive (default: the number of cores).")
    Integer workers;

    @Option(names = "--json", description = "Print the body of POST /api/cluster/control {\"action\": \"start\"}.")
    boolean json;

    @Option(names = "--lease", hidden = true, converter = DurationConverter.class, defaultValue = "10s",
            description = "A worker's lease on its chunk.")
    Duration lease;

    @Option(names = "--health-interval", hidden = true, converter = DurationConverter.class, defaultValue = "2s",
            description = "How often the coordinator runs the health check.")
    Duration healthInterval;

    @Override
    public Integer call() {
        NodeSettings settings = new NodeSettings(workers(workers), lease, healthInterval);
        try (LocalCluster cluster = LocalCluster.openExisting(database, StopPolicy.DEFAULT_GRACE)) {
            ClusterApi api = api(cluster, settings);
            api.requireExploration();
            NodeLaunch.prepare();
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
