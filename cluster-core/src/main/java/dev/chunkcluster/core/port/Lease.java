package dev.chunkcluster.core.port;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.LeaseToken;

import java.time.Instant;

/** A claimed chunk: the token that proves the claim, the combinations to work on, and when the lease runs out. */
public record Lease(LeaseToken token, String exploration, ChunkRange range, Instant expiresAt) {
}
