package dev.chunkcluster.process;

import dev.chunkcluster.core.port.TrackedProcess;

import java.nio.file.Path;

/**
 * One registry file's content.
 *
 * @param launchSecret     the random value given to the process in its environment at launch: proof that this
 *                         library launched the process now at the pid ({@link LaunchSecret})
 * @param launcherPid      the process that launched it; informational
 * @param workingDirectory null for the launcher's own; informational
 * @param file             where it is stored; null until written
 */
record RegistryEntry(TrackedProcess process, ProcessIdentity identity, String launchSecret, long launcherPid,
                     Path workingDirectory, Path file) {

    String group() {
        return process.group();
    }

    long pid() {
        return process.pid();
    }

    RegistryEntry at(Path file) {
        return new RegistryEntry(process, identity, launchSecret, launcherPid, workingDirectory, file);
    }
}
