package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code stop}: the database-first Stop. */
@Command(name = "stop",
        description = {"Stops the exploration, database first: marks it stopped and resets every running chunk to"
                + " pending in one transaction, then stops the tracked coordinator and workers (SIGTERM, the grace"
                + " period, SIGKILL). Nothing to stop is success; a second stop changes nothing."})
public final class StopCommand extends DbCommand {

    @Option(names = "--json", description = "Print the body of POST /api/cluster/control {\"action\": \"stop\"}.")
    boolean json;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "Time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() {
        try (LocalCluster cluster = LocalCluster.openExisting(database, grace)) {
            ClusterApi api = api(cluster, NodeSettings.of(1), grace);
            ControlBody body = api.stop();
            if (json) {
                out().println(Json.write(body));
            } else if (body.success()) {
                out().println(body.message());
            }
            return body.success() ? 0 : fail(body.message());
        }
    }
}
