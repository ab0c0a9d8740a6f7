package dev.chunkcluster.core.port;

import dev.chunkcluster.core.ChunkRange;
import dev.chunkcluster.core.LeaseToken;

import java.time.Instant;

/** A claimed chunk: the token that proves the claim, the combinations to work on, and when the lease runs out. */
public record Lease(LeaseToken token, String exploration, ChunkRange range, Instant expiresAt) {
}
