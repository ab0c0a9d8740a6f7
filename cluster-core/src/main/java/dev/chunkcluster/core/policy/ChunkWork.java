package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.LeaseToken;

/** The chunk a handler works on, and its way to report progress. */
public interface ChunkWork {

    String exploration();

    ChunkRange range();

    LeaseToken token();

    /** Combinations tested so far in this chunk; sent with the next lease renewal. */
    void reportTested(long tested);

    /** True once the lease is lost or the worker is shutting down: stop working, the result would be discarded. */
    boolean isAbandoned();
}
