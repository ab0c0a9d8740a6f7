package dev.chunkcluster.process;

import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Liveness of an entry whose process exits while it is checked: between the first look at its pid and the reads of
 * its owner and environment, its {@code /proc} files go away. The entry names a pid that no process can have, so
 * those reads fail as they do for a process that has just exited; the inspector tells what each look sees.
 */
class LivenessTest {

    private static final Instant START = Instant.parse("2026-11-30T10:00:00.250Z");

    /** Linux's pids stay below pid_max, which is at most 2^22: no process can have this one. */
    private final long pid = 1L << 22;
    private final RegistryEntry entry = new RegistryEntry(new TrackedProcess(ProcessRole.WORKER, "sweep", pid, START,
            List.of("java", "-jar", "app.jar", "worker"), Path.of("worker.log"), START),
            new ProcessIdentity(START, 4242L, "boot-1"), LaunchSecret.generate(), 1, null, null);

    @Test
    void aProcessGoneByTheSecondLookIsGoneNotUnverifiable() {
        Liveness liveness = Liveness.of(looks(running(), Optional.empty()), entry);

        assertEquals(Liveness.State.GONE, liveness.state(), liveness::toString);
        assertEquals("exited while it was being checked", liveness.detail());
    }

    @Test
    void aProcessThatBecameAZombieOrWhosePidWentToAnotherIsGone() {
        Observation zombie = new Observation(pid, null, START, 4242L, "boot-1", true);
        Observation other = new Observation(pid, null, START.plusSeconds(1), 4342L, "boot-1", false);

        assertEquals(Liveness.State.GONE, Liveness.of(looks(running(), Optional.of(zombie)), entry).state());
        assertEquals(Liveness.State.GONE, Liveness.of(looks(running(), Optional.of(other)), entry).state());
    }

    @Test
    void aProcessStillThereWhoseOwnerCannotBeReadStaysUnverifiable() {
        Liveness liveness = Liveness.of(looks(running(), running()), entry);

        assertEquals(Liveness.State.UNVERIFIABLE, liveness.state(), liveness::toString);
        assertTrue(liveness.detail().contains("the owner of pid " + pid + " cannot be read"), liveness.detail());
    }

    private Optional<Observation> running() {
        return Optional.of(new Observation(pid, null, START, 4242L, "boot-1", false));
    }

    /** An inspector whose looks at the entry's pid see {@code seen}, in order. */
    @SafeVarargs
    private static ProcessInspector looks(Optional<Observation>... seen) {
        Deque<Optional<Observation>> next = new ArrayDeque<>(List.of(seen));
        return new ProcessInspector() {
            @Override
            public Optional<Observation> observe(long pid) {
                return next.isEmpty() ? Optional.empty() : next.removeFirst();
            }

            @Override
            public List<Observation> descendants(Observation root) {
                return List.of();
            }
        };
    }
}
