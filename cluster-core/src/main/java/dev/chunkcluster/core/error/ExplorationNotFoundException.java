package dev.chunkcluster.core.error;

/** An operation named an exploration that the store does not hold. */
public final class ExplorationNotFoundException extends ChunkClusterException {

    private final String exploration;

    /** An exception for {@code exploration}, with a message that says how to create it. */
    public ExplorationNotFoundException(String exploration) {
        super("exploration '" + exploration + "' does not exist in this store; create it first"
                + " (ChunkStore.createExploration) or check the name");
        this.exploration = exploration;
    }

    /** The name of the missing exploration. */
    public String exploration() {
        return exploration;
    }
}
