package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.examples.backtest.ParameterSpace;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.node.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code init}: creates the exploration and its chunks, nothing else. */
@Command(name = "init",
        description = "Creates the exploration and its pending chunks in the database, and nothing else.")
public final class InitCommand extends DbCommand {

    @Option(names = "--chunk-size", paramLabel = "K", defaultValue = "" + Sweep.DEFAULT_CHUNK_SIZE,
            description = "Combinations per chunk (default: ${DEFAULT-VALUE}; 1366 makes the 4,096 combinations"
                    + " 3 chunks).")
    long chunkSize;

    @Option(names = "--combinations", hidden = true, defaultValue = "" + ParameterSpace.SIZE,
            description = "Explore only the first N combinations (for quick tests).")
    long combinations;

    @Override
    public Integer call() {
        ExplorationSpec spec = Sweep.spec(combinations, chunkSize);
        try (LocalCluster cluster = LocalCluster.open(database, StopPolicy.DEFAULT_GRACE)) {
            boolean created = cluster.store().createExploration(spec);
            out().println((created ? "Created" : "Already there, unchanged:") + " exploration '" + spec.name()
                    + "' in " + cluster.database() + ": " + spec.totalCombinations() + " combinations in "
                    + spec.chunkCount() + " chunks of " + spec.chunkSize() + " (max failures " + spec.maxFailures()
                    + ")");
            return 0;
        }
    }
}
