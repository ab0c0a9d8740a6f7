package dev.chunkcluster.examples.backtest;

import dev.chunkcluster.core.chunk.ExplorationSpec;

/** The demo exploration: the backtest sweep over {@link ParameterSpace}, cut into chunks. */
public final class Sweep {

    /** The exploration's name in its database. */
    public static final String NAME = "ma-atr-sweep";
    /** 64 chunks of 64 combinations: enough chunks to keep many workers evenly busy. */
    public static final long DEFAULT_CHUNK_SIZE = 64;

    private Sweep() {
    }

    /**
     * The spec of a sweep over the first {@code combinations} of the parameter space (all {@value ParameterSpace#SIZE}
     * normally; fewer for quick tests).
     */
    public static ExplorationSpec spec(long combinations, long chunkSize) {
        if (combinations < 1 || combinations > ParameterSpace.SIZE) {
            throw new IllegalArgumentException("--combinations must be 1 to " + ParameterSpace.SIZE + "; got "
                    + combinations);
        }
        if (chunkSize < 1 || chunkSize > combinations) {
            throw new IllegalArgumentException("--chunk-size must be 1 to " + combinations
                    + " (the number of combinations); got " + chunkSize);
        }
        return ExplorationSpec.of(NAME, combinations, chunkSize);
    }
}
