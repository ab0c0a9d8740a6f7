package dev.chunkcluster.core.port;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.core.status.Progress;

/**
 * One consistent read of an exploration for its status: counts, tested combinations and expired leases.
 *
 * @param testedCombinations completed chunks whole plus running chunks' reported tested
 * @param expiredLeases      running chunks whose lease has run out at the store's clock
 */
public record ExplorationSnapshot(ExplorationSpec spec, DesiredState desired, ChunkCounts counts,
                                  long testedCombinations, long expiredLeases) {

    /** Tested combinations out of the exploration's total. */
    public Progress progress() {
        return new Progress(testedCombinations, spec.totalCombinations());
    }
}
