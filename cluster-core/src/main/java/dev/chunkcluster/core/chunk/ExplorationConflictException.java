package dev.chunkcluster.core.chunk;

import dev.chunkcluster.core.error.ChunkClusterException;

/** An exploration exists under the same name with a different shape (total, chunk size, max failures). */
public final class ExplorationConflictException extends ChunkClusterException {

    /** An exception naming both specs, with a message that says how to resume or start anew. */
    public ExplorationConflictException(ExplorationSpec existing, ExplorationSpec requested) {
        super("exploration '" + existing.name() + "' already exists as " + existing.describe()
                + ", not " + requested.describe()
                + "; resume it with the same settings, or choose another name or database");
    }
}
