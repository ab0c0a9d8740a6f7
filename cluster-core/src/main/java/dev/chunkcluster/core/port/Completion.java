package dev.chunkcluster.core.port;

import dev.chunkcluster.core.chunk.LeaseToken;

import java.util.Objects;

/**
 * One result for {@link ChunkStore#completeAll}: the token that proves the claim and the result to record.
 *
 * @param token  the lease token of the chunk, as claimed
 * @param result the chunk's result
 */
public record Completion(LeaseToken token, String result) {

    /**
     * Checks that both parts are present.
     *
     * @throws NullPointerException if {@code token} or {@code result} is null
     */
    public Completion {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(result, "result");
    }
}
