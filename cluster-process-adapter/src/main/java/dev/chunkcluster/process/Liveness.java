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
        /** Its pid is alive and its start instant matches the entry. */
        LIVE,
        /** As LIVE, but it is the process asking; a process never signals itself. */
        SELF,
        /** Not running, a zombie, or its pid now belongs to another process. */
        GONE,
        /** Something has the pid, but its start instant cannot be read, so it cannot be told apart from a stranger. */
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
            return new Liveness(State.GONE, o, "exited; only its zombie waits for its parent to reap it");
        }
        return switch (entry.identity().compare(o)) {
            case DIFFERENT -> new Liveness(State.GONE, o, "pid " + pid + " now belongs to another process (started "
                    + o.startInstant() + ", recorded " + entry.identity().startInstant() + "), which was left alone");
            case UNKNOWN -> new Liveness(State.UNVERIFIABLE, o, "the start instant of pid " + pid
                    + " cannot be read, so it cannot be told apart from an unrelated process that reused the pid;"
                    + " not signalled (is /proc restricted, e.g. mounted with hidepid?)");
            case SAME -> pid == ProcessHandle.current().pid()
                    ? new Liveness(State.SELF, o, "pid " + pid + " is this process itself; it never signals itself")
                    : new Liveness(State.LIVE, o, "running");
        };
    }
}
