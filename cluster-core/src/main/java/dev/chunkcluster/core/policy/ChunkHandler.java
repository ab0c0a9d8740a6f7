package dev.chunkcluster.core.policy;

/**
 * The user's work on one chunk. Runs on the worker's thread; when the lease is lost (a Stop, an expired lease, a
 * re-claim) or the worker shuts down, that thread is interrupted and {@link ChunkWork#isAbandoned()} turns true:
 * return or throw soon, the result will not be recorded.
 */
@FunctionalInterface
public interface ChunkHandler {

    /**
     * Works through {@code work.range()} and returns the chunk's result (for example a small JSON document), which
     * is recorded exactly once. An exception records a failure with its message.
     */
    String handle(ChunkWork work) throws Exception;
}
