package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.api.ResultsBody;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code results}: the best parameter sets recorded so far. */
@Command(name = "results",
        description = "Shows the best parameter sets recorded so far: the merge of the completed chunks' top tens.")
public final class ResultsCommand extends DbCommand {

    @Option(names = "--top", paramLabel = "N", defaultValue = "" + SweepEvaluator.TOP,
            description = "How many, 1 to " + SweepEvaluator.TOP + " (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print the body of GET /api/cluster/results?top=N.")
    boolean json;

    @Override
    void checkOptions() {
        super.checkOptions();
        if (top < 1 || top > SweepEvaluator.TOP) {
            throw usage("--top must be 1 to " + SweepEvaluator.TOP + " (each chunk records its " + SweepEvaluator.TOP
                    + " best sets); got " + top);
        }
    }

    @Override
    public Integer call() {
        try (LocalCluster cluster = LocalCluster.openInitialized(database)) {
            ClusterApi api = api(cluster, NodeSettings.of(1));
            api.requireExploration();
            ResultsBody results = api.results(top);
            if (json) {
                out().println(Json.write(results));
            } else {
                ResultsTable.print(out(), results);
            }
            return 0;
        }
    }
}
