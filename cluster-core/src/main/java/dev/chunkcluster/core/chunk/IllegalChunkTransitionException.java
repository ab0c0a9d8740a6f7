package dev.chunkcluster.core.chunk;

import dev.chunkcluster.core.error.ChunkClusterException;

/** A transition that the chunk state machine does not allow, such as completing a pending chunk. */
public final class IllegalChunkTransitionException extends ChunkClusterException {

    private final long chunkId;
    private final ChunkStatus from;
    private final ChunkEvent event;

    public IllegalChunkTransitionException(long chunkId, ChunkStatus from, ChunkEvent event) {
        super("chunk " + chunkId + " cannot go from " + from.dbValue() + " by " + event.name().toLowerCase()
                + "; allowed from " + from.dbValue() + ": " + ChunkTransitions.eventsFrom(from));
        this.chunkId = chunkId;
        this.from = from;
        this.event = event;
    }

    public long chunkId() {
        return chunkId;
    }

    public ChunkStatus from() {
        return from;
    }

    public ChunkEvent event() {
        return event;
    }
}
