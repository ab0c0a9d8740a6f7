package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.examples.backtest.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The shape of a new exploration ({@code init}, {@code explore}): {@code --chunk-size}, and the hidden
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

    @Option(names = "--combinations", hidden = true,
            description = "Explore only the first N combinations (for quick tests).")
    Long combinations;

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
