package dev.chunkcluster.process;

import dev.chunkcluster.core.port.ProcessController;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@link ProcessController} for processes of this machine, on {@link ProcessBuilder} and {@link ProcessHandle}.
 *
 * <p>Every launched process is recorded in a registry directory that any process of the same user can read, so
 * the JVM that launched a worker and the JVM that stops it need not be the same. A process is stopped only if it is
 * in the registry, its start instant still matches the recorded one, it belongs to this user and it carries the
 * random launch secret of its entry in its environment; nothing is ever found by name, and pid 1 is never signalled.
 * Thread-safe.
 */
public interface LocalProcessController extends ProcessController {

    /**
     * Environment variables of this program that hold secrets (the HTTP bearer token, the database password): they
     * are removed from every launched process's environment, and a launch spec that sets one is refused.
     */
    Set<String> WITHHELD_VARIABLES = Set.of("CHUNKCLUSTER_TOKEN", "CHUNKCLUSTER_DB_PASSWORD");

    /**
     * A controller on {@code options}; creates the state and log directories with mode 0700 if missing, and refuses
     * them unless they are real directories of this user that no other user can write.
     *
     * @throws dev.chunkcluster.core.error.ProcessControlException if a directory cannot be created or written; the
     *                                                            message names it and how to fix it
     */
    static LocalProcessController create(ProcessOptions options) {
        return OsProcessController.create(options);
    }

    /** Where the registry files are. */
    Path stateDirectory();

}
