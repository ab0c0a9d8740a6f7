package dev.chunkcluster.core.port;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A launched process as the registry records it. The pid alone is not an identity (pids are reused): a process is
 * the one recorded only if its start instant matches too.
 *
 * @param startedAt  the operating system's start instant of the process
 * @param logFile    where its stdout and stderr go
 * @param launchedAt when the launcher started it
 */
public record TrackedProcess(ProcessRole role, String group, long pid, Instant startedAt, List<String> command,
                             Path logFile, Instant launchedAt) {

    /** Copies {@code command}. */
    public TrackedProcess {
        command = List.copyOf(command);
    }

    /** "worker pid 4711". */
    @Override
    public String toString() {
        return role.label() + " pid " + pid;
    }
}
