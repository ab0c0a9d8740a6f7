package dev.chunkcluster.core.chunk;

/** What can happen to a chunk. Which event is legal from which status is {@link ChunkTransitions}. */
public enum ChunkEvent {
    /** A worker takes a pending chunk under a new lease; the attempt goes up by one. */
    CLAIM,
    /** The lease holder extends its lease, reporting the combinations tested so far. */
    RENEW,
    /** The lease holder records the chunk's result. */
    COMPLETE,
    /** The lease holder reports an error; counts as a failure. */
    FAIL,
    /** The lease ran out without a renewal (the worker died or hung); counts as a failure. */
    EXPIRE,
    /** Stop, Start or a dead coordinator puts the chunk back; not the chunk's fault. */
    RESET,
    /** The lease holder gives the chunk back on shutdown; not the chunk's fault. */
    RELEASE,
    /** A user puts a failed chunk back in the queue. */
    RETRY
}
