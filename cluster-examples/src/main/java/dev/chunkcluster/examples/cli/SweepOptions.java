package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.store.DbLocation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The shape of a new exploration ({@code init}, {@code explore}): {@code --chunk-size}, {@code --years}, and the hidden
 * {@code --combinations} of quick tests. Unset, each is null: {@code explore} then keeps a resumed exploration's own.
 */
final class SweepOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--chunk-size", paramLabel = "K",
            description = "Combinations per chunk when the exploration is created (default: " + Sweep.DEFAULT_CHUNK_SIZE
                    + "; 1366 makes the 4,096 combinations 3 chunks). A resumed exploration keeps its own; giving"
                    + " another is an error.")
    Long chunkSize;

    @Option(names = "--years", paramLabel = "Y",
            description = "Years of hourly prices each backtest runs over, " + PriceSeries.MIN_YEARS + " to "
                    + PriceSeries.MAX_YEARS + " (default: " + PriceSeries.DEMO_YEARS + "); the work per combination"
                    + " grows with it. Recorded with the exploration, so every worker computes the same thing; a"
                    + " resumed exploration keeps its own, and giving another is an error.")
    Integer years;

    @Option(names = "--combinations", hidden = true,
            description = "Explore only the first N combinations (for quick tests).")
    Long combinations;

    /** The years of a new exploration: {@code --years} or the default, or a usage error naming the option. */
    int years() {
        try {
            return PriceSeries.checkYears(years == null ? PriceSeries.DEMO_YEARS : years);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Refuses {@code --years} when it differs from the {@code recorded} years of an existing exploration.
     *
     * @throws ChunkClusterException naming both values and the way out
     */
    void checkResumedYears(String exploration, DbLocation database, int recorded) {
        if (years != null && years != recorded) {
            throw new ChunkClusterException("exploration '" + exploration + "' in " + database + " backtests over "
                    + recorded + " years of prices, not " + years + "; resume it without --years (or with --years "
                    + recorded + "), or use another --db");
        }
    }

    /** The spec of a new exploration from these options and the given defaults, or a usage error naming the option. */
    ExplorationSpec spec(long defaultCombinations, long defaultChunkSize) {
        long total = combinations == null ? defaultCombinations : combinations;
        try {
            return Sweep.spec(total, chunkSize == null ? Math.min(defaultChunkSize, total) : chunkSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
