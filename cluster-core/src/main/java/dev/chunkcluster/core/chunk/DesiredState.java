package dev.chunkcluster.core.chunk;

import java.util.Locale;

/** What the user asked of an exploration. While {@code STOPPED}, no chunk can be claimed. */
public enum DesiredState {
    RUNNING,
    STOPPED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DesiredState fromDbValue(String value) {
        for (DesiredState state : values()) {
            if (state.dbValue().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown desired state '" + value + "'; expected running or stopped");
    }
}
