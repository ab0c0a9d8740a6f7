package dev.chunkcluster.process;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Proof that this library launched the process at a pid. A pid, its start ticks and the boot id are public in
 * {@code /proc}, so anyone who can write a registry entry could describe any process; the launch secret is not.
 * Each launch gets a fresh random value in the child's environment ({@value #VARIABLE}) and in its registry entry
 * (mode 0600). A process is trusted only if it belongs to this user and its {@code /proc/pid/environ}, which only
 * its own user and root can read, holds the entry's value. Pid 1 is never trusted.
 */
final class LaunchSecret {

    /** The environment variable that carries the secret into a launched process. */
    static final String VARIABLE = "CHUNKCLUSTER_LAUNCH_SECRET";
    static final int HEX_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    enum Verdict {
        /** The process belongs to this user and carries the entry's secret. */
        PROVEN,
        /** The process is certainly not the one the entry's launch started: another user's, pid 1, or another secret. */
        FOREIGN,
        /** Its owner or environment cannot be read. */
        UNKNOWN
    }

    /** @param detail why, for people */
    record Proof(Verdict verdict, String detail) {
    }

    private LaunchSecret() {
    }

    static String generate() {
        byte[] bytes = new byte[HEX_LENGTH / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static boolean isWellFormed(String value) {
        return value.length() == HEX_LENGTH && value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** Whether the process now at the entry's pid is the one launched for it; call after its identity matched. */
    static Proof check(RegistryEntry entry) {
        long pid = entry.pid();
        if (pid == 1) {
            return new Proof(Verdict.FOREIGN, "pid 1 is the system's init process, never signalled");
        }
        Optional<ProcFs.Uids> uids = ProcFs.uids(pid);
        if (uids.isEmpty()) {
            return new Proof(Verdict.UNKNOWN, "the owner of pid " + pid + " cannot be read from /proc, so it cannot"
                    + " be proven to be the process launched; not signalled");
        }
        long self = PrivateDirectory.currentUid();
        if (!uids.get().both(self)) {
            return new Proof(Verdict.FOREIGN, "pid " + pid + " belongs to " + uids.get() + ", not to this user (uid "
                    + self + "), so it is not a process this library launched; left alone");
        }
        Optional<byte[]> environ = ProcFs.environ(pid);
        if (environ.isEmpty()) {
            return new Proof(Verdict.UNKNOWN, "the environment of pid " + pid + " cannot be read, so it cannot be"
                    + " proven to be the process launched; not signalled (is /proc restricted?)");
        }
        String carried = ProcFs.variable(environ.get(), VARIABLE);
        if (carried == null || !MessageDigest.isEqual(carried.getBytes(StandardCharsets.ISO_8859_1),
                entry.launchSecret().getBytes(StandardCharsets.ISO_8859_1))) {
            return new Proof(Verdict.FOREIGN, "pid " + pid + " does not carry the launch secret of this entry"
                    + (carried == null ? "" : " (it carries another one)") + ", so this library did not launch it for"
                    + " this entry (a forged entry?); left alone");
        }
        return new Proof(Verdict.PROVEN, "launched by this library");
    }
}
