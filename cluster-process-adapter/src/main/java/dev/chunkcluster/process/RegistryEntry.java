package dev.chunkcluster.process;

import dev.chunkcluster.core.port.TrackedProcess;

import java.nio.file.Path;

/**
 * One registry file's content.
 *
 * @param launcherPid      the process that launched it; informational
 * @param workingDirectory null for the launcher's own; informational
 * @param file             where it is stored; null until written
 */
record RegistryEntry(TrackedProcess process, ProcessIdentity identity, long launcherPid, Path workingDirectory,
                     Path file) {

    String group() {
        return process.group();
    }

    long pid() {
        return process.pid();
    }

    RegistryEntry at(Path file) {
        return new RegistryEntry(process, identity, launcherPid, workingDirectory, file);
    }
}
