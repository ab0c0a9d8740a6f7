package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.port.TrackedProcess;

/**
 * A tracked process as the API shows it.
 *
 * @param role      {@code coordinator} or {@code worker}
 * @param startedAt the operating system's start instant, ISO-8601
 * @param logFile   where its output goes
 */
public record ProcessBody(String role, long pid, String startedAt, String logFile) {

    public static ProcessBody of(TrackedProcess process) {
        return new ProcessBody(process.role().label(), process.pid(),
                process.startedAt() == null ? null : process.startedAt().toString(),
                process.logFile() == null ? null : process.logFile().toString());
    }
}
