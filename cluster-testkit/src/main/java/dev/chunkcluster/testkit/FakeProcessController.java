package dev.chunkcluster.testkit;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A scriptable {@link ProcessController}: launched processes live until a test crashes them; on stop each one
 * behaves as scripted (exits on SIGTERM, ignores it, or cannot be stopped). Thread-safe.
 */
public final class FakeProcessController implements ProcessController {

    /** How a fake process reacts to Stop. */
    public enum Behaviour {
        /** Exits on SIGTERM: outcome stopped. */
        EXITS_ON_TERM,
        /** Ignores SIGTERM and is killed after the grace period: outcome forced. */
        IGNORES_TERM,
        /** Cannot be signalled: outcome failed, and it stays alive. */
        UNSTOPPABLE
    }

    private static final class FakeProcess {
        final TrackedProcess tracked;
        final Behaviour behaviour;
        boolean alive = true;

        FakeProcess(TrackedProcess tracked, Behaviour behaviour) {
            this.tracked = tracked;
            this.behaviour = behaviour;
        }
    }

    private final Clock clock;
    private final Map<Long, FakeProcess> registry = new LinkedHashMap<>();
    private final List<LaunchSpec> launches = new ArrayList<>();
    private final List<Duration> stopGraces = new ArrayList<>();
    private Behaviour nextBehaviour = Behaviour.EXITS_ON_TERM;
    private @Nullable String launchFailure;
    private long nextPid = 1000;
    private final ReentrantLock exclusive = new ReentrantLock();

    /**
     * A controller with no processes that stamps launches with {@code clock}.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public FakeProcessController(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One lock for all groups, held across the action like the real controller's file lock; reentrant, and separate
     * from this object's monitor so that the action can call the other methods.
     */
    @Override
    public <T> T exclusively(String group, Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        exclusive.lock();
        try {
            return action.get();
        } finally {
            exclusive.unlock();
        }
    }

    /** How processes launched from now on react to Stop. */
    public synchronized FakeProcessController behaviourOfNextLaunches(Behaviour behaviour) {
        this.nextBehaviour = Objects.requireNonNull(behaviour, "behaviour");
        return this;
    }

    /** Makes every launch from now on fail with {@code reason}; null makes launches succeed again. */
    public synchronized FakeProcessController failLaunches(@Nullable String reason) {
        this.launchFailure = reason;
        return this;
    }

    @Override
    public synchronized TrackedProcess launch(LaunchSpec spec) {
        if (launchFailure != null) {
            throw new ProcessControlException("cannot launch " + spec.role().label() + " of '" + spec.group() + "': "
                    + launchFailure);
        }
        launches.add(spec);
        long pid = nextPid++;
        TrackedProcess tracked = new TrackedProcess(spec.role(), spec.group(), pid, clock.instant(), spec.command(),
                Path.of(spec.role().label() + "-" + pid + ".log"), clock.instant());
        registry.put(pid, new FakeProcess(tracked, nextBehaviour));
        return tracked;
    }

    /** Records a live process as if another JVM had launched it earlier. */
    public synchronized TrackedProcess track(ProcessRole role, String group, Behaviour behaviour) {
        long pid = nextPid++;
        TrackedProcess tracked = new TrackedProcess(role, group, pid, clock.instant(), List.of("fake-" + role.label()),
                Path.of(role.label() + "-" + pid + ".log"), clock.instant());
        registry.put(pid, new FakeProcess(tracked, behaviour));
        return tracked;
    }

    /**
     * The process dies by itself (a crash); its registry entry stays until listed or stopped.
     *
     * @throws IllegalArgumentException if no fake process has {@code pid}
     */
    public synchronized void crash(long pid) {
        FakeProcess process = registry.get(pid);
        if (process == null) {
            throw new IllegalArgumentException("no tracked fake process with pid " + pid);
        }
        process.alive = false;
    }

    /** Crashes every live process of {@code role} in {@code group}; returns how many. */
    public synchronized int crashAll(String group, ProcessRole role) {
        int crashed = 0;
        for (FakeProcess process : registry.values()) {
            if (process.alive && process.tracked.group().equals(group) && process.tracked.role() == role) {
                process.alive = false;
                crashed++;
            }
        }
        return crashed;
    }

    @Override
    public synchronized List<TrackedProcess> listLive(String group) {
        registry.values().removeIf(p -> !p.alive && p.tracked.group().equals(group));
        return registry.values().stream()
                .filter(p -> p.tracked.group().equals(group))
                .map(p -> p.tracked)
                .toList();
    }

    @Override
    public synchronized List<ProcessStopOutcome> stopAll(String group, Duration grace) {
        stopGraces.add(grace);
        List<ProcessStopOutcome> outcomes = new ArrayList<>();
        var it = registry.values().iterator();
        while (it.hasNext()) {
            FakeProcess process = it.next();
            if (!process.tracked.group().equals(group)) {
                continue;
            }
            if (!process.alive) {
                outcomes.add(new ProcessStopOutcome(process.tracked, ProcessStopOutcome.Kind.ALREADY_GONE, ""));
                it.remove();
                continue;
            }
            switch (process.behaviour) {
                case EXITS_ON_TERM -> {
                    outcomes.add(new ProcessStopOutcome(process.tracked, ProcessStopOutcome.Kind.STOPPED, ""));
                    it.remove();
                }
                case IGNORES_TERM -> {
                    outcomes.add(new ProcessStopOutcome(process.tracked, ProcessStopOutcome.Kind.FORCED,
                            "ignored SIGTERM for " + grace.toMillis() + " ms"));
                    it.remove();
                }
                case UNSTOPPABLE -> outcomes.add(new ProcessStopOutcome(process.tracked,
                        ProcessStopOutcome.Kind.FAILED, "operation not permitted"));
            }
        }
        return List.copyOf(outcomes);
    }

    /** Every launch so far, in order. */
    public synchronized List<LaunchSpec> launches() {
        return List.copyOf(launches);
    }

    /** Launches of {@code role} so far. */
    public synchronized long launchCount(ProcessRole role) {
        return launches.stream().filter(spec -> spec.role() == role).count();
    }

    /** The grace period of every {@link #stopAll} call so far, in order. */
    public synchronized List<Duration> stopGraces() {
        return List.copyOf(stopGraces);
    }

    /** Live processes of {@code role} in {@code group}, without pruning. */
    public synchronized long aliveCount(String group, ProcessRole role) {
        return registry.values().stream()
                .filter(p -> p.alive && p.tracked.group().equals(group) && p.tracked.role() == role)
                .count();
    }
}
