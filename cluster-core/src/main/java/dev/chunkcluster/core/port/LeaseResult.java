package dev.chunkcluster.core.port;

/** The outcome of an operation fenced by a lease token. */
public enum LeaseResult {
    /** The token was current and the change is recorded. */
    APPLIED,
    /**
     * The token is stale (the chunk was reset, re-claimed, or its lease expired and was reaped): nothing changed, and
     * the worker must abandon the chunk.
     */
    STALE;

    /** Whether the change was recorded. */
    public boolean applied() {
        return this == APPLIED;
    }
}
