package dev.chunkcluster.process;

import java.util.Optional;

/**
 * Whether a registry entry's process is running as recorded.
 *
 * @param observation what was seen; null when nothing was
 * @param detail      why, for people
 */
record Liveness(State state, Observation observation, String detail) {

    enum State {
        /** Its pid is alive, its start instant matches the entry and it carries the entry's launch secret. */
        LIVE,
        /** As LIVE, but it is the process asking; a process never signals itself. */
        SELF,
        /** Not running, a zombie, or its pid now belongs to another process. */
        GONE,
        /**
         * The pid holds a process with the recorded start, but not one this library launched for the entry: another
         * user's, pid 1, or one without the entry's launch secret (a forged entry). Never signalled.
         */
        FOREIGN,
        /** Something has the pid, but its start instant, owner or environment cannot be read. Never signalled. */
        UNVERIFIABLE
    }

    static Liveness of(ProcessInspector inspector, RegistryEntry entry) {
        long pid = entry.pid();
        Optional<Observation> seen = inspector.observe(pid);
        if (seen.isEmpty()) {
            return new Liveness(State.GONE, null, "not running");
        }
        Observation o = seen.get();
        if (o.exited()) {
            return new Liveness(State.GONE, o, "exited (a zombie, or inside its exit path)");
        }
        return switch (entry.identity().compare(o)) {
            case DIFFERENT -> new Liveness(State.GONE, o, "pid " + pid + " now belongs to another process (started "
                    + o.startInstant() + ", recorded " + entry.identity().startInstant() + "), which was left alone");
            case UNKNOWN -> new Liveness(State.UNVERIFIABLE, o, "the start instant of pid " + pid
                    + " cannot be read, so it cannot be told apart from an unrelated process that reused the pid;"
                    + " not signalled (is /proc restricted, e.g. mounted with hidepid?)");
            case SAME -> pid == ProcessHandle.current().pid()
                    ? new Liveness(State.SELF, o, "pid " + pid + " is this process itself; it never signals itself")
                    : proven(inspector, entry, o);
        };
    }

    private static Liveness proven(ProcessInspector inspector, RegistryEntry entry, Observation o) {
        LaunchSecret.Proof proof = LaunchSecret.check(entry);
        if (proof.verdict() != LaunchSecret.Verdict.PROVEN) {
            // A process that exits while it is checked loses its /proc files, or its environment, between the two
            // reads: "cannot be read" or "no launch secret" then describe its exit, not the process. Look again.
            Optional<Observation> again = inspector.observe(entry.pid());
            if (again.isEmpty() || again.get().exited()
                    || entry.identity().compare(again.get()) == ProcessIdentity.Match.DIFFERENT) {
                return new Liveness(State.GONE, again.orElse(null), "exited while it was being checked");
            }
        }
        return switch (proof.verdict()) {
            case PROVEN -> new Liveness(State.LIVE, o, "running");
            case FOREIGN -> new Liveness(State.FOREIGN, o, proof.detail());
            case UNKNOWN -> new Liveness(State.UNVERIFIABLE, o, proof.detail());
        };
    }
}
