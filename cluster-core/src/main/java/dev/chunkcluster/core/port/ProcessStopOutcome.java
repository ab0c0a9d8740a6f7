package dev.chunkcluster.core.port;

import org.jspecify.annotations.Nullable;

/**
 * How stopping one tracked process went.
 *
 * @param detail why, for {@link Kind#FAILED}; a short note or null otherwise
 */
public record ProcessStopOutcome(TrackedProcess process, Kind kind, @Nullable String detail) {

    /** How the process ended. */
    public enum Kind {
        /** Exited after SIGTERM within the grace period. */
        STOPPED,
        /** Still alive after the grace period; killed with SIGKILL. */
        FORCED,
        /** Was no longer running (or its pid now belongs to another process, which was left alone). */
        ALREADY_GONE,
        /** Could not be stopped; {@code detail} says why. */
        FAILED
    }

    /** The process id of the stopped process. */
    public long pid() {
        return process.pid();
    }

    /** "worker pid 4711 forced (did not exit within 10 s)". */
    @Override
    public String toString() {
        return process + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
