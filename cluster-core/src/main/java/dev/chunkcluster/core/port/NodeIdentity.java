package dev.chunkcluster.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * Who a node is, across hosts: a pid names a process only together with its host, the host's boot and the process's
 * start instant (pids are reused, hosts reboot).
 *
 * @param exploration      the exploration it works for
 * @param host             the host's name as the operator knows it (an agent's {@code --name}, else the host name)
 * @param bootId           the host's boot id ({@code /proc/sys/kernel/random/boot_id}), empty where unknown
 * @param pid              the process id on that host
 * @param processStartedAt the operating system's start instant of the process
 */
public record NodeIdentity(String exploration, NodeRole role, String host, String bootId, long pid,
                           Instant processStartedAt) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException if {@code exploration} or {@code host} is blank or {@code pid} is not positive
     */
    public NodeIdentity {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(processStartedAt, "processStartedAt");
        if (exploration == null || exploration.isBlank()) {
            throw new IllegalArgumentException("a node needs the exploration it works for; got "
                    + (exploration == null ? "null" : "'" + exploration + "'"));
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a node of '" + exploration + "' needs a host name; got "
                    + (host == null ? "null" : "'" + host + "'"));
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("a node's pid must be positive; got " + pid);
        }
    }

    /** "agent pid 4711 on host-a". */
    @Override
    public String toString() {
        return role.dbValue() + " pid " + pid + " on " + host;
    }
}
