package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.LeaseToken;

/** The chunk a handler works on, and its way to report progress. */
public interface ChunkWork {

    /** The exploration the chunk belongs to. */
    String exploration();

    /** The combinations to work through: {@code [first, first + count)}. */
    ChunkRange range();

    /** The lease the worker holds on the chunk. */
    LeaseToken token();

    /** Combinations tested so far in this chunk; sent with the next lease renewal. */
    void reportTested(long tested);

    /** True once the lease is lost or the worker is shutting down: stop working, the result would be discarded. */
    boolean isAbandoned();
}
