package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.event.EventPublisher;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.core.status.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The coordinator's job: keep N workers alive while work remains and the desired state is running; restart a
 * crashed worker with exponential backoff; run the health check on a schedule; end when the exploration is complete,
 * idle or stopped.
 *
 * <p>{@link #tick()} is one round and never waits; {@link #run()} repeats it every poll interval.
 *
 * <p>{@linkplain Builder#listener Listeners} hear of each worker launched and, at the next round, of each launched
 * worker no longer alive, besides what the health check fixes.
 */
public final class Supervisor {

    /** The most workers one supervisor keeps alive: each is a process on this machine. */
    public static final int MAX_WORKERS = 256;
    /** Time between two rounds, unless configured otherwise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** Time between two health checks, unless configured otherwise. */
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
    /** The first delay before relaunching a crashed worker, unless configured otherwise. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
    /** The longest delay before relaunching a crashed worker, unless configured otherwise. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final ChunkStore store;
    private final ProcessController processes;
    private final LaunchSpec workerLaunch;
    private final String exploration;
    private final int workers;
    private final Duration pollInterval;
    private final Duration healthCheckInterval;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final HealthCheck healthCheck;
    private final EventPublisher events;
    private final List<TrackedProcess> launchedAlive = new ArrayList<>();

    private long launched;
    private int restartStreak;
    private Instant nextLaunchAllowed = Instant.MIN;
    private Instant lastRestart = Instant.MIN;
    private Instant nextHealthCheck = Instant.MIN;

    private Supervisor(Builder builder) {
        this.store = builder.store;
        this.processes = builder.processes;
        this.workerLaunch = builder.workerLaunch;
        this.exploration = builder.workerLaunch.group();
        this.workers = builder.workers;
        this.pollInterval = builder.pollInterval;
        this.healthCheckInterval = builder.healthCheckInterval;
        this.minBackoff = builder.minBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.clock = builder.clock;
        this.events = EventPublisher.of(builder.listeners);
        HealthCheck check = builder.leasesOnly ? HealthCheck.leasesOnly(store)
                : HealthCheck.withProcesses(store, processes);
        for (ChunkClusterListener listener : builder.listeners) {
            check = check.withListener(listener);
        }
        this.healthCheck = check;
    }

    /** A supervisor launching workers with {@code workerLaunch}; its group names the exploration. */
    public static Builder builder(ChunkStore store, ProcessController processes, LaunchSpec workerLaunch) {
        return new Builder(store, processes, workerLaunch);
    }

    /** Supervises until the exploration is complete, idle or stopped. */
    public SupervisorDecision run() throws InterruptedException {
        log.info("exploration '{}': supervisor started: {} workers, health check every {} ms", exploration, workers,
                healthCheckInterval.toMillis());
        while (true) {
            SupervisorDecision decision = tick();
            if (decision.finished()) {
                log.info("exploration '{}': supervisor ends: {} ({} workers launched)", exploration,
                        decision.name().toLowerCase(java.util.Locale.ROOT), launched);
                return decision;
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /** One round: check the state, run the health check when due, launch missing workers when allowed. */
    public SupervisorDecision tick() {
        Instant now = clock.instant();
        if (events.isActive() && !launchedAlive.isEmpty()) {
            publishExits();
        }
        if (!now.isBefore(nextHealthCheck)) {
            healthCheck.check(exploration);
            nextHealthCheck = now.plus(healthCheckInterval);
        }
        ExplorationSnapshot snapshot = store.snapshot(exploration);
        if (snapshot.desired() == DesiredState.STOPPED) {
            return SupervisorDecision.STOPPED;
        }
        ClusterState state = ClusterState.of(snapshot.counts());
        if (state == ClusterState.COMPLETE) {
            return SupervisorDecision.COMPLETE;
        }
        if (state == ClusterState.IDLE) {
            return SupervisorDecision.IDLE;
        }
        long live = processes.listLive(exploration).stream().filter(p -> p.role() == ProcessRole.WORKER).count();
        long wanted = Math.min(workers - live, snapshot.counts().pending());
        if (wanted > 0) {
            launchWorkers((int) wanted, now);
        }
        return SupervisorDecision.CONTINUE;
    }

    private void publishExits() {
        List<TrackedProcess> live = processes.listLive(exploration);
        List<TrackedProcess> exited = new ArrayList<>();
        for (TrackedProcess process : launchedAlive) {
            if (live.stream().noneMatch(p -> p.pid() == process.pid() && p.startedAt().equals(process.startedAt()))) {
                exited.add(process);
            }
        }
        launchedAlive.removeAll(exited);
        for (TrackedProcess process : exited) {
            events.publish(new ChunkClusterEvent.ProcessExited(exploration, process));
        }
    }

    private void launchWorkers(int wanted, Instant now) {
        if (now.isBefore(nextLaunchAllowed)) {
            return;
        }
        boolean restarting = launched >= workers;
        if (Duration.between(lastRestart, now).compareTo(maxBackoff.multipliedBy(2)) > 0) {
            restartStreak = 0;
        }
        int started = 0;
        String failure = null;
        for (int i = 0; i < wanted; i++) {
            try {
                TrackedProcess process = processes.launch(workerLaunch);
                launched++;
                if (events.isActive()) {
                    launchedAlive.add(process);
                    events.publish(new ChunkClusterEvent.ProcessLaunched(exploration, process));
                }
                started++;
            } catch (ChunkClusterException e) {
                failure = e.getMessage();
                break;
            }
        }
        if (restarting || failure != null) {
            Duration backoff = backoff(restartStreak++);
            lastRestart = now;
            nextLaunchAllowed = now.plus(backoff);
            log.warn("exploration '{}': restarted {} of {} missing workers{}; next restart not before {} ms from now",
                    exploration, started, wanted, failure == null ? "" : " (launch failed: " + failure + ")",
                    backoff.toMillis());
        } else {
            log.info("exploration '{}': launched {} workers", exploration, started);
        }
    }

    private Duration backoff(int streak) {
        Duration backoff = minBackoff.multipliedBy(1L << Math.min(streak, 20));
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** Configures a supervisor; {@link #build()} validates, and {@link Supervisor#run()} logs the settings it runs with. */
    public static final class Builder {
        private final ChunkStore store;
        private final ProcessController processes;
        private final LaunchSpec workerLaunch;
        private int workers = 1;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Clock clock = Clock.systemUTC();
        private boolean leasesOnly;
        private final List<ChunkClusterListener> listeners = new ArrayList<>();

        private Builder(ChunkStore store, ProcessController processes, LaunchSpec workerLaunch) {
            this.store = Objects.requireNonNull(store, "store");
            this.processes = Objects.requireNonNull(processes, "processes");
            this.workerLaunch = Objects.requireNonNull(workerLaunch, "workerLaunch");
        }

        /** Workers to keep alive, 1 to {@value Supervisor#MAX_WORKERS}. Default 1. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Time between two rounds of {@link #run()}, above 0; default {@link #DEFAULT_POLL_INTERVAL}. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        /** Time between two health checks, above 0; default {@link #DEFAULT_HEALTH_CHECK_INTERVAL}. */
        public Builder healthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
            return this;
        }

        /** Restart delays double from {@code min} up to {@code max} while workers keep crashing. */
        public Builder restartBackoff(Duration min, Duration max) {
            this.minBackoff = Objects.requireNonNull(min, "min");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Judges orphaned chunks by their leases only, not by this host's processes: right when workers of the same
         * exploration run on other hosts too (an agent's supervisor). Default: leases and local processes.
         */
        public Builder leasesOnly() {
            this.leasesOnly = true;
            return this;
        }

        /** Where the supervisor reads the time for backoff and health checks; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Adds a listener for the launches, exits and health checks; may be called several times. */
        public Builder listener(ChunkClusterListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The supervisor.
         *
         * @throws IllegalArgumentException if the launch spec is not a worker's, workers is outside 1 to
         * {@value Supervisor#MAX_WORKERS}, an interval or the minimum backoff is not above 0, or the maximum backoff
         * is below the minimum
         */
        public Supervisor build() {
            if (workerLaunch.role() != ProcessRole.WORKER) {
                throw new IllegalArgumentException("supervisor launches workers; got a launch spec for a "
                        + workerLaunch.role().label());
            }
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("supervisor workers must be 1 to " + MAX_WORKERS + "; got "
                        + workers);
            }
            requirePositive("pollInterval", pollInterval);
            requirePositive("healthCheckInterval", healthCheckInterval);
            requirePositive("restartBackoff min", minBackoff);
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("supervisor restartBackoff max (" + maxBackoff.toMillis()
                        + " ms) must not be below min (" + minBackoff.toMillis() + " ms)");
            }
            return new Supervisor(this);
        }

        private static void requirePositive(String name, Duration value) {
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("supervisor " + name + " must be positive; got " + value);
            }
        }
    }
}
