package dev.chunkcluster.testkit.extending;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link ProcessController} of one's own, for child processes of this JVM only: it keeps the {@link Process} it
 * started, so it stops exactly that process and never one found by name or by a reused pid. Unlike the
 * process adapter's {@code LocalProcessController} it keeps no registry on disk (another JVM cannot list or stop
 * these processes) and does not stop their descendants. docs/extending.md walks through it.
 */
public final class ChildProcessController implements ProcessController {

    /** How long a stop waits for a process to vanish after SIGKILL before it reports it as failed. */
    static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private record Child(TrackedProcess tracked, Process process) {
    }

    private final Path logDirectory;
    private final Clock clock;
    private final List<Child> children = new ArrayList<>();
    private final ReentrantLock exclusive = new ReentrantLock();

    /** A controller that sends each child's stdout and stderr to a file in {@code logDirectory}. */
    public ChildProcessController(Path logDirectory, Clock clock) {
        this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized TrackedProcess launch(LaunchSpec spec) {
        Path log = logDirectory.resolve(spec.group() + "-" + spec.role().label() + "-" + children.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (spec.workingDirectory() != null) {
            builder.directory(spec.workingDirectory().toFile());
        }
        builder.environment().putAll(spec.environment());
        Instant launchedAt = clock.instant();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ProcessControlException("exploration '" + spec.group() + "': cannot launch " + spec.role().label()
                    + " '" + spec.command().get(0) + "': " + e.getMessage()
                    + "; check that the program exists and is executable", e);
        }
        Instant startedAt = process.toHandle().info().startInstant().orElse(launchedAt);
        TrackedProcess tracked = new TrackedProcess(spec.role(), spec.group(), process.pid(), startedAt,
                spec.command(), log, launchedAt);
        children.add(new Child(tracked, process));
        return tracked;
    }

    @Override
    public synchronized List<TrackedProcess> listLive(String group) {
        return children.stream()
                .filter(child -> child.tracked().group().equals(group) && child.process().isAlive())
                .map(Child::tracked)
                .toList();
    }

    @Override
    public synchronized List<ProcessStopOutcome> stopAll(String group, Duration grace) {
        List<Child> stopping = children.stream().filter(child -> child.tracked().group().equals(group)).toList();
        List<Child> alive = stopping.stream().filter(child -> child.process().isAlive()).toList();
        alive.forEach(child -> child.process().destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessStopOutcome> outcomes = new ArrayList<>();
        for (Child child : stopping) {
            outcomes.add(alive.contains(child) ? stop(child, deadline)
                    : new ProcessStopOutcome(child.tracked(), ProcessStopOutcome.Kind.ALREADY_GONE, null));
        }
        children.removeAll(stopping);
        return outcomes;
    }

    /**
     * Only this JVM launches these children, so a lock of this JVM makes concurrent Starts exclusive; a controller
     * whose processes other JVMs can launch needs a lock they share (the library's uses a file lock).
     */
    @Override
    public <T> T exclusively(String group, Supplier<T> action) {
        exclusive.lock();
        try {
            return action.get();
        } finally {
            exclusive.unlock();
        }
    }

    /** SIGTERM was sent: wait for the exit until {@code deadline}, then SIGKILL and wait once more. */
    private static ProcessStopOutcome stop(Child child, long deadline) {
        Process process = child.process();
        if (exited(process, Math.max(0, deadline - System.nanoTime()))) {
            return new ProcessStopOutcome(child.tracked(), ProcessStopOutcome.Kind.STOPPED, null);
        }
        process.destroyForcibly();
        if (exited(process, KILL_WAIT.toNanos())) {
            return new ProcessStopOutcome(child.tracked(), ProcessStopOutcome.Kind.FORCED, "did not exit on SIGTERM");
        }
        return new ProcessStopOutcome(child.tracked(), ProcessStopOutcome.Kind.FAILED,
                "still alive " + KILL_WAIT.toSeconds() + " s after SIGKILL");
    }

    private static boolean exited(Process process, long nanos) {
        try {
            process.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
