package dev.chunkcluster.core.port;

import java.util.Locale;

/** What a node says it is doing, in its last heartbeat. Whether it is alive follows from the heartbeat's age. */
public enum NodeState {
    /** Working: an agent keeping its workers, a worker on its chunks. */
    RUNNING,
    /** Alive with nothing to do: an agent while the exploration is stopped or has nothing left to claim. */
    IDLE,
    /** Exited cleanly; the row stays until it is pruned, so the status can say when. */
    STOPPED;

    /** The lower-case value the store keeps: {@code running}, {@code idle} or {@code stopped}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state stored as {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} names no state
     */
    public static NodeState fromDbValue(String value) {
        for (NodeState state : values()) {
            if (state.dbValue().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown node state '" + value + "'; expected running, idle or stopped");
    }
}
