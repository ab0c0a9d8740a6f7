package dev.chunkcluster.process;

import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessStopOutcome;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link ProcessController} for processes of this machine, on {@link ProcessBuilder} and {@link ProcessHandle}.
 *
 * <p>Every launched process is recorded in a registry directory that any process of the same machine can read, so
 * the JVM that launched a worker and the JVM that stops it need not be the same. A process is stopped only if it is
 * in the registry and its start instant still matches the recorded one; nothing is ever found by name.
 * Thread-safe.
 */
public interface LocalProcessController extends ProcessController {

    /**
     * A controller on {@code options}; creates the state and log directories if missing.
     *
     * @throws dev.chunkcluster.core.error.ProcessControlException if a directory cannot be created or written; the
     *                                                            message names it and how to fix it
     */
    static LocalProcessController create(ProcessOptions options) {
        return OsProcessController.create(options);
    }

    /** Where the registry files are. */
    Path stateDirectory();

    /** {@link #stopAll(String, java.time.Duration)} with {@link ProcessOptions#defaultGrace()}. */
    List<ProcessStopOutcome> stopAll(String group);
}
