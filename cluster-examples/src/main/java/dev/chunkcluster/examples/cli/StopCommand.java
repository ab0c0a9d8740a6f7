package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stop}: the database-first Stop of {@link dev.chunkcluster.core.policy.StopPolicy}, which stops the tracked
 * processes even when the database cannot be opened or written, and says why.
 */
@Command(name = "stop",
        description = {"Stops the exploration, database first: marks it stopped and resets every running chunk to"
                + " pending in one transaction, then stops the tracked coordinator and workers (SIGTERM, the grace"
                + " period, SIGKILL). Nothing to stop is success; a second stop changes nothing. When the database"
                + " cannot be opened or written, the processes are still stopped and the command says why."})
public final class StopCommand extends DbCommand {

    @Option(names = "--json", description = "Print the body of POST /api/cluster/control {\"action\": \"stop\"}.")
    boolean json;

    @Mixin
    GraceOption grace;

    @Override
    void checkOptions() {
        super.checkOptions();
        grace.grace();
    }

    @Override
    public Integer call() {
        try (LocalCluster cluster = LocalCluster.forStopping(database)) {
            ControlBody body = api(cluster, NodeSettings.of(1), grace.grace()).stop();
            if (json) {
                out().println(Json.write(body));
            } else if (body.success()) {
                out().println(body.message());
                for (ControlBody.NodeOutcome node : body.nodes()) {
                    out().println("  " + node.host() + ": " + node.role() + " pid " + node.pid() + " "
                            + node.outcome() + (node.detail().isEmpty() ? "" : " (" + node.detail() + ")"));
                }
            }
            return body.success() ? 0 : fail(body.message());
        }
    }
}
