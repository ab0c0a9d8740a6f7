package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.error.ChunkClusterException;

/** The database holds no exploration of the demo's name: nothing was created there yet. */
public final class ExplorationMissingException extends ChunkClusterException {

    public ExplorationMissingException(String exploration) {
        super("exploration '" + exploration + "' does not exist in this database; create it with `init` or"
                + " `explore`, or point --db at the database that has it");
    }
}
