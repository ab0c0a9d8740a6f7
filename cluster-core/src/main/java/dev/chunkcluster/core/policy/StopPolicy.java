package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.event.EventPublisher;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import dev.chunkcluster.core.port.ResetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stop, database first:
 * <ol>
 *   <li>in one transaction, set the desired state to stopped (nothing can claim any more) and reset every running
 *       chunk to pending;</li>
 *   <li>then stop every tracked process: SIGTERM, the grace period, SIGKILL. Nothing to stop is success;</li>
 *   <li>report both.</li>
 * </ol>
 * Step 2 runs even when step 1 failed (the user asked to stop), and a failure in step 2 never undoes step 1. A second
 * Stop changes nothing and succeeds. The store may be given as a supplier that fails to open it (a read-only or
 * corrupt file, an unreachable server): that is a failed step 1, and the processes are still stopped. Every front end
 * (command line, HTTP, Ctrl-C, the library API) stops through this class.
 *
 * <p>{@linkplain #withListener Listeners} hear when a Stop is requested, how many chunks it reset, and when it
 * finished, with its report and the time each step took.
 */
public final class StopPolicy {

    /**
     * How long a process gets to exit after SIGTERM, unless configured otherwise: the one default of the grace
     * period, which the command line and the nodes reference.
     */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(StopPolicy.class);

    private final Supplier<? extends ChunkStore> store;
    private final ProcessController processes;
    private final Duration grace;
    private final EventPublisher events;

    /**
     * A Stop on the store {@code store} opens or returns when the Stop runs, and {@code processes}, that gives each
     * process {@code grace} between SIGTERM and SIGKILL. The supplier may throw: Stop then still stops the
     * processes and reports the failure.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public StopPolicy(Supplier<? extends ChunkStore> store, ProcessController processes, Duration grace) {
        this.store = Objects.requireNonNull(store, "store");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.grace = Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("stop grace period cannot be negative; got " + grace);
        }
        this.events = EventPublisher.none();
    }

    private StopPolicy(StopPolicy base, EventPublisher events) {
        this.store = base.store;
        this.processes = base.processes;
        this.grace = base.grace;
        this.events = events;
    }

    /**
     * A Stop on {@code store} and {@code processes} that gives each process {@code grace} between SIGTERM and SIGKILL.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public StopPolicy(ChunkStore store, ProcessController processes, Duration grace) {
        this(storeOf(store), processes, grace);
    }

    /**
     * A Stop with the {@link #DEFAULT_GRACE} grace period.
     *
     * @throws NullPointerException if an argument is null
     */
    public StopPolicy(ChunkStore store, ProcessController processes) {
        this(storeOf(store), processes, DEFAULT_GRACE);
    }

    private static Supplier<ChunkStore> storeOf(ChunkStore store) {
        Objects.requireNonNull(store, "store");
        return () -> store;
    }

    /**
     * This Stop, also telling {@code listener} what it does.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public StopPolicy withListener(ChunkClusterListener listener) {
        return new StopPolicy(this, events.with(listener));
    }

    /**
     * Stops {@code exploration}, database first, as described above. Never throws for a failed step: the report says
     * what failed, why and how to fix it.
     *
     * @return what was reset and how each process stopped; {@link StopReport#success()} is false when a step failed
     */
    public StopReport stop(String exploration) {
        if (events.isActive()) {
            events.publish(new ChunkClusterEvent.StopRequested(exploration));
        }
        long startedNanos = System.nanoTime();
        ResetResult reset = null;
        String databaseFailure = null;
        try {
            reset = store.get().resetRunning(exploration, DesiredState.STOPPED);
            log.info("exploration '{}': stop: reset {} running chunks to pending (pending now {})", exploration,
                    reset.reset(), reset.pendingAfter());
        } catch (RuntimeException e) {
            databaseFailure = e.getMessage();
            log.error("exploration '{}': stop: database step failed, stopping processes anyway: {}", exploration,
                    e.getMessage(), e);
        }

        if (reset != null && reset.reset() > 0 && events.isActive()) {
            events.publish(new ChunkClusterEvent.ChunksReset(exploration, ChunkClusterEvent.ResetCause.STOP,
                    reset.reset(), reset.pendingAfter()));
        }
        long databaseDoneNanos = System.nanoTime();
        List<ProcessStopOutcome> outcomes = List.of();
        String processFailure = null;
        try {
            outcomes = stopProcesses(exploration);
        } catch (RuntimeException e) {
            processFailure = e.getMessage();
            log.error("exploration '{}': stop: process step failed: {}", exploration, e.getMessage(), e);
        }
        long processesDoneNanos = System.nanoTime();
        String processSummary = summarize(outcomes);
        log.info("exploration '{}': stop: {}", exploration, processSummary);

        List<ProcessStopOutcome> failed = outcomes.stream().filter(o -> o.kind() == Kind.FAILED).toList();
        boolean success = databaseFailure == null && processFailure == null && failed.isEmpty();
        StringBuilder message = new StringBuilder();
        if (databaseFailure == null) {
            message.append("Stopped: reset ").append(reset.reset()).append(" running chunks to pending (")
                    .append(reset.pendingAfter()).append(" pending)");
        } else {
            message.append("Stop failed in the database step, so running chunks may still be marked running: ")
                    .append(databaseFailure).append(". Fix that and run Stop again");
        }
        if (processFailure == null) {
            message.append("; ").append(processSummary);
        } else {
            message.append("; the process step failed: ").append(processFailure);
        }
        if (!failed.isEmpty()) {
            message.append("; could not stop ").append(failed.stream()
                    .map(o -> "pid " + o.pid() + " (" + o.detail() + ")").collect(Collectors.joining(", ")));
        }
        StopReport report = new StopReport(success, reset == null ? 0 : reset.reset(),
                reset == null ? 0 : reset.pendingAfter(), outcomes, message.toString());
        if (events.isActive()) {
            events.publish(new ChunkClusterEvent.StopFinished(exploration, report.success(), report.chunksReset(),
                    report.totalPending(), report.processes(), report.message(),
                    Duration.ofNanos(databaseDoneNanos - startedNanos),
                    Duration.ofNanos(processesDoneNanos - databaseDoneNanos)));
        }
        return report;
    }

    /**
     * Stops every process of the exploration. A coordinator stopped while it launches a worker records that worker
     * only after it was forked, which can be after this Stop listed the processes; the coordinator is gone once the
     * first round returns, so after a round that stopped a coordinator one more round finds such a late worker.
     */
    private List<ProcessStopOutcome> stopProcesses(String exploration) {
        List<ProcessStopOutcome> outcomes = new ArrayList<>(processes.stopAll(exploration, grace));
        if (outcomes.stream().anyMatch(o -> o.process().role() == ProcessRole.COORDINATOR)) {
            Set<String> stopped = new HashSet<>();
            outcomes.forEach(o -> stopped.add(o.process().pid() + "@" + o.process().startedAt()));
            for (ProcessStopOutcome late : processes.stopAll(exploration, grace)) {
                if (stopped.add(late.process().pid() + "@" + late.process().startedAt())) {
                    outcomes.add(late);
                }
            }
        }
        return List.copyOf(outcomes);
    }

    private static String summarize(List<ProcessStopOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return "no process to stop";
        }
        return "processes: " + count(outcomes, Kind.STOPPED) + " stopped, " + count(outcomes, Kind.FORCED)
                + " forced, " + count(outcomes, Kind.ALREADY_GONE) + " already gone, " + count(outcomes, Kind.FAILED)
                + " failed";
    }

    private static long count(List<ProcessStopOutcome> outcomes, Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).count();
    }
}
