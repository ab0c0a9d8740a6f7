package dev.chunkcluster.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ChunkStore#completeAndClaim} did.
 *
 * @param completion whether the result was recorded ({@link LeaseResult#STALE}: nothing of that chunk changed)
 * @param next       the chunk claimed next; empty when none is pending or the exploration is stopped
 */
public record CompletionAndClaim(LeaseResult completion, Optional<Lease> next) {

    /**
     * Checks that both parts are present.
     *
     * @throws NullPointerException if {@code completion} or {@code next} is null
     */
    public CompletionAndClaim {
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(next, "next");
    }
}
