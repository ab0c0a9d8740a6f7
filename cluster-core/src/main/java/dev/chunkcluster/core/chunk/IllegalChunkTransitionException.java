package dev.chunkcluster.core.chunk;

import dev.chunkcluster.core.error.ChunkClusterException;

/** A transition that the chunk state machine does not allow, such as completing a pending chunk. */
public final class IllegalChunkTransitionException extends ChunkClusterException {

    private final long chunkId;
    private final ChunkStatus from;
    private final ChunkEvent event;

    /**
     * An exception for {@code event} on chunk {@code chunkId} in status {@code from}; the message lists the events
     * allowed from there.
     */
    public IllegalChunkTransitionException(long chunkId, ChunkStatus from, ChunkEvent event) {
        super("chunk " + chunkId + " cannot go from " + from.dbValue() + " by " + event.name().toLowerCase()
                + "; allowed from " + from.dbValue() + ": " + ChunkTransitions.eventsFrom(from));
        this.chunkId = chunkId;
        this.from = from;
        this.event = event;
    }

    /** The chunk that was asked to change. */
    public long chunkId() {
        return chunkId;
    }

    /** The chunk's status at the time. */
    public ChunkStatus from() {
        return from;
    }

    /** The event the state machine refused. */
    public ChunkEvent event() {
        return event;
    }
}
