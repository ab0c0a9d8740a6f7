package dev.chunkcluster.examples.faults;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StartPolicy;
import dev.chunkcluster.core.policy.StartReport;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.testkit.StoredChunks;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One trial's cluster: a fresh database ({@link TrialDatabase}), its process registry, the exploration, and the launch of its
 * coordinator ({@link FaultNode}). The test drives it through the library's own policies (Start, Stop) and signals
 * only processes it finds in the registry, by pid and recorded start instant.
 */
final class Trial implements AutoCloseable {

    static final Duration LEASE = Duration.ofMillis(1200);
    static final Duration HEALTH_INTERVAL = Duration.ofMillis(200);
    static final Duration GRACE = Duration.ofSeconds(3);

    final int number;
    final long seed;
    final Path dir;
    final TrialDatabase database;
    final Path events;
    final ExplorationSpec spec;
    final int poison;
    final long offset;
    final long delayMillis;
    final ChunkStore store;
    private final OpenedStore opened;
    final LocalProcessController processes;
    final LaunchSpec coordinator;
    final List<String> log = new ArrayList<>();

    Trial(int number, long seed, Path dir, TrialDatabase database, List<String> nodeCommand, ExplorationSpec spec,
          int poison, long offset, long delayMillis) {
        this.number = number;
        this.seed = seed;
        this.dir = dir;
        this.database = database;
        this.events = dir.resolve("events");
        this.spec = spec;
        this.poison = poison;
        this.offset = offset;
        this.delayMillis = delayMillis;
        this.opened = database.open();
        this.store = opened.store();
        this.processes = LocalProcessController.create(
                ProcessOptions.builder(database.stateDirectory()).build());
        store.createExploration(spec);
        List<String> command = new ArrayList<>(nodeCommand);
        command.addAll(List.of("coordinator", "--db", database.location().argument(), "--exploration", spec.name(),
                "--events", events.toString(), "--workers", "2", "--lease-ms", Long.toString(LEASE.toMillis()),
                "--health-interval-ms", Long.toString(HEALTH_INTERVAL.toMillis()), "--poison", Integer.toString(poison),
                "--offset", Long.toString(offset), "--delay-ms", Long.toString(delayMillis)));
        this.coordinator = new LaunchSpec(ProcessRole.COORDINATOR, spec.name(), command, java.util.Map.of(),
                dir.toAbsolutePath());
    }

    String name() {
        return spec.name();
    }

    void note(String line) {
        log.add(line);
    }

    StartReport start() {
        StartReport report = new StartPolicy(store, processes).start(coordinator);
        note("start: " + report.message());
        return report;
    }

    List<TrackedProcess> live() {
        return processes.listLive(name());
    }

    List<TrackedProcess> live(ProcessRole role) {
        return live().stream().filter(p -> p.role() == role).toList();
    }

    Optional<TrackedProcess> liveWorker(String worker) {
        return live(ProcessRole.WORKER).stream().filter(p -> worker.equals("worker-" + p.pid())).findFirst();
    }

    /** The live process with the recorded pid and start instant; never anything found by name. */
    Optional<ProcessHandle> handle(TrackedProcess process) {
        return ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                .map(started -> Math.abs(Duration.between(started, process.startedAt()).toMillis()) < 1000)
                .orElse(false));
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill(TrackedProcess process, String why) {
        handle(process).ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("pid " + process.pid() + " did not die from SIGKILL", e);
            }
            note("SIGKILL " + process + " (" + why + ")");
        });
    }

    /** SIGSTOP or SIGCONT by pid, to a process of the registry. */
    boolean signal(TrackedProcess process, String signal) {
        if (handle(process).isEmpty()) {
            return false;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " did not return");
            }
            if (kill.exitValue() != 0) {
                if (handle(process).isEmpty()) {
                    return false; // it exited between the check and the signal
                }
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        note("SIG" + signal + " " + process);
        return true;
    }

    List<EventLog.Event> events() {
        return EventLog.readAll(events);
    }

    /** Where every worker's log ends now, to tell the events written after it. */
    EventLog.Mark mark() {
        return EventLog.Mark.of(events());
    }

    ExplorationSnapshot snapshot() {
        return store.snapshot(name());
    }

    List<Chunk> chunks() {
        return StoredChunks.of(store, name());
    }

    boolean workRemains() {
        ExplorationSnapshot s = snapshot();
        return s.counts().pending() > 0 || s.counts().running() > 0;
    }

    /** Keeps the run going: Start when no coordinator is alive and work remains. */
    void ensureRunning() {
        if (workRemains() && live(ProcessRole.COORDINATOR).isEmpty()) {
            start();
        }
    }

    /**
     * Waits for the first event after {@code from} that {@code wanted} accepts, restarting the run if it stalls;
     * empty if the work ran out first (the fault then has nothing to hit).
     */
    Optional<EventLog.Event> awaitEvent(EventLog.Mark from, Predicate<EventLog.Event> wanted, Duration timeout) {
        return poll("an event to place the fault on", timeout, () -> {
            Optional<EventLog.Event> found = from.since(events()).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found;
            }
            if (!workRemains()) {
                return Optional.<EventLog.Event>empty();
            }
            ensureRunning();
            return null;
        });
    }

    /** Restarts the run until every chunk is completed or failed and no process of the trial is alive. */
    void drain(Duration timeout) {
        poll("the run to drain", timeout, () -> {
            if (workRemains()) {
                ensureRunning();
                return null;
            }
            return live().isEmpty() ? Boolean.TRUE : null;
        });
    }

    /** Polls {@code probe} until it gives a value; at the deadline fails with the trial's chunks and processes. */
    <T> T poll(String what, Duration timeout, Supplier<T> probe) {
        try {
            return Await.until(what, timeout, probe);
        } catch (AssertionFailedError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; chunks: " + chunks().stream()
                    .map(c -> c.index() + ":" + c.status().name().charAt(0) + c.attempt()).toList()
                    + "; live: " + live(), timedOut);
        }
    }

    long count(ChunkStatus status) {
        return chunks().stream().filter(c -> c.status() == status).count();
    }

    @Override
    public void close() {
        for (TrackedProcess p : live()) {
            signal(p, "CONT");
        }
        processes.stopAll(name(), Duration.ofSeconds(2));
        opened.close();
    }
}
