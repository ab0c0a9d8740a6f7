package dev.chunkcluster.core.port;

import java.util.Locale;

/** What a tracked process does for its exploration. */
public enum ProcessRole {
    COORDINATOR,
    WORKER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
