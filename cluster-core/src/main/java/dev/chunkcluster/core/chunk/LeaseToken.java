package dev.chunkcluster.core.chunk;

import java.util.Objects;

/**
 * Proof that a worker holds a chunk: the chunk, the attempt it claimed (the fencing token) and the worker.
 * An operation with a token whose attempt or worker no longer match the chunk changes nothing.
 */
public record LeaseToken(long chunkId, int attempt, String worker) {

    /**
     * Validates the token.
     *
     * @throws NullPointerException if {@code worker} is null
     * @throws IllegalArgumentException if {@code attempt} is below 1
     */
    public LeaseToken {
        Objects.requireNonNull(worker, "worker");
        if (attempt < 1) {
            throw new IllegalArgumentException("lease attempt starts at 1; got " + attempt + " for chunk " + chunkId);
        }
    }

    /** "chunk 7 attempt 2 by worker-1". */
    @Override
    public String toString() {
        return "chunk " + chunkId + " attempt " + attempt + " by " + worker;
    }
}
