package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.examples.backtest.ParameterSpace;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.SweepYears;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code init}: creates the exploration and its chunks, nothing else. */
@Command(name = "init",
        description = "Creates the exploration and its pending chunks in the database, and nothing else.")
public final class InitCommand extends DbCommand {

    @Mixin
    SweepOptions sweep;

    @Override
    void checkOptions() {
        super.checkOptions();
        sweep.spec(ParameterSpace.SIZE, Sweep.DEFAULT_CHUNK_SIZE);
        sweep.years();
    }

    @Override
    boolean createsDatabase() {
        return true;
    }

    @Override
    public Integer call() {
        ExplorationSpec spec = sweep.spec(ParameterSpace.SIZE, Sweep.DEFAULT_CHUNK_SIZE);
        try (LocalCluster cluster = LocalCluster.open(database)) {
            boolean exists = cluster.store().exploration(spec.name()).isPresent();
            int years;
            if (exists) {
                years = SweepYears.recorded(cluster.database());
                sweep.checkResumedYears(spec.name(), cluster.database(), years);
            } else {
                years = sweep.years();
                SweepYears.record(cluster.database(), years);
            }
            boolean created = cluster.store().createExploration(spec);
            out().println((created ? "Created" : "Already there, unchanged:") + " exploration '" + spec.name()
                    + "' in " + cluster.database() + ": " + spec.totalCombinations() + " combinations in "
                    + spec.chunkCount() + " chunks of " + spec.chunkSize() + " (max failures " + spec.maxFailures()
                    + "), " + years + " years of prices");
            return 0;
        }
    }
}
