package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Who this process is across hosts: the host's name and boot id, this pid and its start instant. */
final class HostIdentity {

    private static final Path HOST_NAME = Path.of("/proc/sys/kernel/hostname");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private HostIdentity() {
    }

    /** This process as a node of {@code exploration}, on the host called {@code host}. */
    static NodeIdentity of(String exploration, NodeRole role, String host) {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElse(Instant.EPOCH);
        return new NodeIdentity(exploration, role, host, read(BOOT_ID, ""), self.pid(), started);
    }

    /** The host's name as the kernel has it (the UTS name), or {@code localhost} where it cannot be read. */
    static String hostName() {
        return read(HOST_NAME, "localhost");
    }

    private static String read(Path file, String otherwise) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? otherwise : text;
        } catch (IOException e) {
            return otherwise;
        }
    }
}
