package dev.chunkcluster.core.port;

/**
 * How stopping one tracked process went.
 *
 * @param detail why, for {@link Kind#FAILED}; a short note otherwise
 */
public record ProcessStopOutcome(TrackedProcess process, Kind kind, String detail) {

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

    public long pid() {
        return process.pid();
    }

    @Override
    public String toString() {
        return process + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
