package dev.chunkcluster.core.port;

import java.util.Locale;

/** What a tracked process does for its exploration. */
public enum ProcessRole {
    /** The process that runs the supervisor: it launches and replaces the workers. */
    COORDINATOR,
    /** A process that claims chunks and works on them. */
    WORKER;

    /** The lower-case name used in logs and registry files: {@code coordinator} or {@code worker}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
