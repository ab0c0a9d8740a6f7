package dev.chunkcluster.core.chunk;

import java.util.Locale;

/** What the user asked of an exploration. While {@code STOPPED}, no chunk can be claimed. */
public enum DesiredState {
    /** Chunks may be claimed: the exploration should make progress. */
    RUNNING,
    /** Stopped by the user: nothing is claimed until a Start. */
    STOPPED;

    /** The lower-case value the store keeps: {@code running} or {@code stopped}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The desired state stored as {@code value}.
     *
     * @param value {@code running} or {@code stopped}
     * @return the desired state
     * @throws IllegalArgumentException if {@code value} is neither
     */
    public static DesiredState fromDbValue(String value) {
        for (DesiredState state : values()) {
            if (state.dbValue().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown desired state '" + value + "'; expected running or stopped");
    }
}
