package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.event.EventPublisher;
import dev.chunkcluster.core.event.LogContext;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Completion;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A worker: claim chunks, run the handler on each, renew the leases from a heartbeat every lease/3 (carrying the
 * tested count), then record completions or failures. The loop ends when the exploration is stopped or nothing is left
 * to claim.
 *
 * <p><b>Claiming ahead.</b> The worker starts by claiming one chunk at a time, recording each result together with the
 * claim of the next chunk ({@link ChunkStore#completeAndClaim}): one store transaction per chunk. When every chunk of
 * a claim finished within {@link #SHORT_CHUNK} by the worker's {@link Ticker}, it doubles how many it claims at once
 * ({@link ChunkStore#claimBatch}, up to {@link Builder#maxClaimAhead}) and records their results together
 * ({@link ChunkStore#completeAll}, each fenced by its own token): two transactions for many short chunks. A chunk that
 * takes longer sends it back to one at a time and releases the chunks it held unstarted, so other workers can take
 * them. Held chunks are {@code running} rows: the heartbeat renews them with the one in hand, a Stop resets them (the
 * renewal or the completion is then refused, and the worker runs none of them after a refused renewal), and
 * {@link #shutdown(Duration)} releases them.
 *
 * <p><b>Self-fencing.</b> The worker measures its leases by its own monotonic clock from the start of the last claim
 * or renewal the store accepted. When the lease has run out by that clock with no renewal accepted, it abandons every
 * chunk it holds (interrupting the handler) and never writes a result for them; once the store answers again, those
 * writes would be refused as stale anyway, and it claims afresh. A watch apart from the renewals (its own daemon
 * thread, every third of the lease, see {@link Builder#watchdog}) and every {@link ChunkWork#isAbandoned()} check that
 * clock, so a renewal call that hangs (a partition the connection has not noticed) delays the fence by at most a
 * third of the lease. A store that stays unreachable makes the worker retry with a growing pause (up to
 * {@link #MAX_BACKOFF}), logging with counts.
 *
 * <p>{@link #shutdown(Duration)} (for SIGTERM) releases every held chunk at once, without counting a failure; results
 * finished while shutting down are recorded without claiming another chunk. A refused renewal interrupts the handler
 * and abandons the chunk.
 *
 * <p>Longer than most classes because the loop, its heartbeat and its shutdown share one piece of state (the chunks in
 * hand and their tokens) whose hand-over between three threads is the hard part; kept in one file so it can be read in
 * one place.
 *
 * <p>Registered {@linkplain Builder#listener listeners} hear of the worker's start and end and of each chunk claimed,
 * renewed, completed, failed or abandoned (every claimed chunk ends in exactly one of the last three); the loop's
 * thread carries the {@link LogContext} keys in slf4j's MDC.
 */
public final class WorkerLoop {

    /** Lease length unless configured otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** The shortest lease accepted: it is renewed every third, and a renewal must fit in that third. */
    public static final Duration MIN_LEASE = Duration.ofMillis(300);
    /** How many chunks a worker claims at most at once unless configured otherwise. */
    public static final int DEFAULT_MAX_CLAIM_AHEAD = 64;
    /** A chunk whose handler finishes within this is short: the worker claims more at once. */
    public static final Duration SHORT_CHUNK = Duration.ofMillis(10);
    /** The longest pause between two tries while the store is unreachable. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final String LEASE_LOST = "lease lost (stopped, expired or claimed by another worker)";
    private static final String SHUTTING_DOWN = "worker shutting down";
    private static final String SELF_FENCED = "lease ran out by the worker's own clock with no renewal accepted (the "
            + "store unreachable or a renewal hanging)";
    private static final String SLOW = "released unstarted: a chunk took longer than " + SHORT_CHUNK.toMillis()
            + " ms, so the worker claims one at a time";

    private final ChunkStore store;
    private final String exploration;
    private final String worker;
    private final ChunkHandler handler;
    private final Duration lease;
    private final long leaseNanos;
    private final Duration renewEvery;
    private final Heartbeats heartbeats;
    private final Heartbeats watchdog;
    private final EventPublisher events;
    private final int maxClaimAhead;
    private final Ticker ticker;

    private final Object lock = new Object();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean shutdown;
    private @Nullable Thread loopThread;
    private @Nullable Batch hand;
    private @Nullable Held running;
    private boolean pausing;

    private WorkerLoop(Builder builder) {
        this.store = builder.store;
        this.exploration = builder.exploration;
        this.worker = builder.worker;
        this.handler = builder.handler;
        this.lease = builder.lease;
        this.leaseNanos = builder.lease.toNanos();
        this.renewEvery = builder.lease.dividedBy(3);
        this.heartbeats = builder.heartbeats != null ? builder.heartbeats
                : Heartbeats.onDaemonThread("heartbeat-" + builder.worker);
        this.watchdog = builder.watchdog != null ? builder.watchdog
                : builder.heartbeats != null ? Heartbeats.none()
                : Heartbeats.onDaemonThread("fence-watch-" + builder.worker);
        this.events = EventPublisher.of(builder.listeners);
        this.maxClaimAhead = builder.maxClaimAhead;
        this.ticker = builder.ticker;
    }

    /**
     * A builder for a worker named {@code worker} that works on {@code exploration} in {@code store} with
     * {@code handler}; the lease is {@link #DEFAULT_LEASE} unless set.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(ChunkStore store, String exploration, String worker, ChunkHandler handler) {
        return new Builder(store, exploration, worker, handler);
    }

    /** Runs until the exploration is drained or stopped, or {@link #shutdown(Duration)} is called. */
    public WorkerSummary run() {
        synchronized (lock) {
            if (loopThread != null) {
                throw new IllegalStateException("worker '" + worker + "' is already running; a loop runs once");
            }
            loopThread = Thread.currentThread();
        }
        MDC.put(LogContext.EXPLORATION, exploration);
        MDC.put(LogContext.WORKER, worker);
        try {
            return runInContext();
        } finally {
            MDC.remove(LogContext.EXPLORATION);
            MDC.remove(LogContext.WORKER);
        }
    }

    /** What the worker did so far. */
    private static final class Counts {
        long completed;
        long failed;
        long abandoned;
    }

    /** Chunks claimed in one call, and the worker's clock when the call began (its leases count from then). */
    private record Claimed(List<Lease> leases, long atNanos) {
    }

    private WorkerSummary runInContext() {
        Counts counts = new Counts();
        WorkerSummary.ExitReason reason;
        log.info("exploration '{}': worker {} started (lease {} ms, claims up to {} ahead)", exploration, worker,
                lease.toMillis(), maxClaimAhead);
        if (events.isActive()) {
            events.publish(new ChunkClusterEvent.WorkerStarted(exploration, worker));
        }
        try {
            int ahead = 1;
            Claimed next = null;
            while (true) {
                if (next == null) {
                    next = shutdown ? null : claim(ahead);
                    if (next == null) {
                        reason = WorkerSummary.ExitReason.SHUTDOWN;
                        break;
                    }
                }
                if (next.leases().isEmpty()) {
                    reason = nothingToClaim();
                    break;
                }
                Batch batch = new Batch(next);
                ahead = work(batch, ahead, counts);
                next = batch.next;
            }
        } finally {
            ended.countDown();
        }
        if (reason == WorkerSummary.ExitReason.SHUTDOWN) {
            Thread.interrupted();
        }
        String why = reason.name().toLowerCase(java.util.Locale.ROOT);
        log.info("exploration '{}': worker {} exits ({}): {} completed, {} failed, {} abandoned", exploration, worker,
                why, counts.completed, counts.failed, counts.abandoned);
        if (events.isActive()) {
            events.publish(new ChunkClusterEvent.WorkerEnded(exploration, worker, counts.completed, counts.failed,
                    counts.abandoned, why));
        }
        return new WorkerSummary(counts.completed, counts.failed, counts.abandoned, reason);
    }

    /** Claims {@code ahead} chunks (one with {@link ChunkStore#claim}); null when shut down while the store was down. */
    private @Nullable Claimed claim(int ahead) {
        return retrying("claim chunks", () -> shutdown, () -> {
            long at = ticker.nanos();
            List<Lease> leases = ahead == 1
                    ? store.claim(exploration, worker, lease).map(List::of).orElse(List.of())
                    : store.claimBatch(exploration, worker, ahead, lease);
            return new Claimed(leases, at);
        });
    }

    /** Why a claim came back empty. */
    private WorkerSummary.ExitReason nothingToClaim() {
        if (shutdown) {
            return WorkerSummary.ExitReason.SHUTDOWN;
        }
        DesiredState desired = retrying("read the desired state", () -> shutdown,
                () -> store.desiredState(exploration));
        if (desired == null) {
            return WorkerSummary.ExitReason.SHUTDOWN;
        }
        return desired == DesiredState.STOPPED ? WorkerSummary.ExitReason.STOPPED : WorkerSummary.ExitReason.DRAINED;
    }

    /**
     * Runs the chunks of one claim in order and records their results; returns how many to claim next. Sets
     * {@code batch.next} when the store claimed the next chunk together with the result.
     */
    private int work(Batch batch, int ahead, Counts counts) {
        synchronized (lock) {
            hand = batch;
        }
        for (Held held : batch.held) {
            log.debug("exploration '{}': worker {} claimed {}", exploration, worker, held.token());
            if (events.isActive()) {
                events.publish(new ChunkClusterEvent.ChunkClaimed(exploration, worker, held.token(), held.range()));
            }
        }
        if (shutdown) {
            releaseUnfinished(batch, SHUTTING_DOWN);
        }
        Heartbeats.Beating beating = heartbeats.start(() -> beat(batch), renewEvery);
        Heartbeats.Beating watching = watchdog.start(() -> fenceIfRunOut(batch), renewEvery);
        boolean allShort = true;
        try {
            for (Held held : batch.held) {
                if (!start(held)) {
                    settleAbandoned(held, counts);
                    continue;
                }
                boolean isShort = runOne(held, counts);
                if (!isShort && allShort) {
                    allShort = false;
                    int released = releaseUnstarted(batch);
                    if (released > 0) {
                        log.info("exploration '{}': worker {} released {} chunks it held unstarted: {}", exploration,
                                worker, released, SLOW);
                    }
                }
            }
            int nextAhead = allShort ? Math.min(maxClaimAhead, Math.max(ahead, batch.held.size()) * 2) : 1;
            record(batch, nextAhead, counts);
            return nextAhead;
        } finally {
            beating.stop();
            watching.stop();
            synchronized (lock) {
                hand = null;
            }
        }
    }

    /** Takes a held chunk into hand; false if it was abandoned before it started. */
    private boolean start(Held held) {
        synchronized (lock) {
            if (held.abandoned) {
                return false;
            }
            held.started = true;
            running = held;
            return true;
        }
    }

    /** Runs the handler on one chunk and records a failure; returns whether the chunk was short. */
    private boolean runOne(Held held, Counts counts) {
        MDC.put(LogContext.CHUNK, Long.toString(held.token().chunkId()));
        MDC.put(LogContext.ATTEMPT, Integer.toString(held.token().attempt()));
        try {
            long started = ticker.nanos();
            String result = null;
            Exception error = null;
            try {
                result = handler.handle(held);
                if (result == null) {
                    error = new NullPointerException("the handler returned null instead of the chunk's result");
                }
            } catch (Exception e) {
                error = e;
            }
            held.nanos = ticker.nanos() - started;
            boolean abandoned;
            synchronized (lock) {
                running = null;
                held.finished = true;
                Thread.interrupted();
                abandoned = held.abandoned;
                if (!abandoned && error == null) {
                    held.result = result;
                }
            }
            if (abandoned) {
                settleAbandoned(held, counts);
            } else if (error != null) {
                recordFailure(held, error, counts);
            }
            return held.nanos < SHORT_CHUNK.toNanos();
        } finally {
            MDC.remove(LogContext.CHUNK);
            MDC.remove(LogContext.ATTEMPT);
        }
    }

    private void recordFailure(Held held, Exception error, Counts counts) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        LeaseResult recorded = writeWhileHeld(held.batch, "record the failure of " + held.token(),
                () -> held.abandoned, () -> store.fail(held.token(), message));
        synchronized (lock) {
            held.settled = true;
        }
        if (recorded == null) {
            settleAbandoned(held, counts);
            return;
        }
        log.warn("exploration '{}': worker {} chunk {} failed{}: {}", exploration, worker, held.token().chunkId(),
                recorded.applied() ? "" : " (lease already lost, not recorded)", message);
        if (recorded.applied()) {
            counts.failed++;
        } else {
            counts.abandoned++;
        }
        if (events.isActive()) {
            events.publish(recorded.applied()
                    ? new ChunkClusterEvent.ChunkFailed(exploration, worker, held.token(), message,
                            Duration.ofNanos(held.nanos))
                    : new ChunkClusterEvent.ChunkAbandoned(exploration, worker, held.token(), LEASE_LOST));
        }
    }

    /**
     * Records the results of the batch: with the claim of the next chunk in one call when one result is recorded and
     * one chunk is to be claimed next, otherwise all together. A worker shutting down only records.
     */
    private void record(Batch batch, int nextAhead, Counts counts) {
        List<Held> done = new ArrayList<>(batch.held.size());
        List<Held> lostAfterRun = new ArrayList<>(0);
        synchronized (lock) {
            for (Held held : batch.held) {
                if (held.result != null && !held.settled) {
                    (held.abandoned ? lostAfterRun : done).add(held);
                }
            }
        }
        lostAfterRun.forEach(held -> settleAbandoned(held, counts));
        if (done.isEmpty()) {
            return;
        }
        BooleanSupplier allLost = () -> done.stream().allMatch(h -> h.abandoned);
        if (done.size() == 1 && nextAhead == 1 && !shutdown) {
            Held held = done.get(0);
            long at = ticker.nanos();
            CompletionAndClaim both = writeWhileHeld(batch, "complete " + held.token() + " and claim the next chunk",
                    allLost, () -> store.completeAndClaim(held.token(), held.result, exploration, lease));
            if (both == null) {
                done.forEach(h -> settleAbandoned(h, counts));
                return;
            }
            settle(held, both.completion(), counts);
            batch.next = new Claimed(both.next().map(List::of).orElse(List.of()), at);
            return;
        }
        List<LeaseResult> results;
        if (done.size() == 1) {
            Held held = done.get(0);
            LeaseResult one = writeWhileHeld(batch, "complete " + held.token(), allLost,
                    () -> store.complete(held.token(), held.result));
            results = one == null ? null : List.of(one);
        } else {
            List<Completion> completions = done.stream().map(h -> new Completion(h.token(), h.result)).toList();
            results = writeWhileHeld(batch, "complete " + done.size() + " chunks", allLost,
                    () -> store.completeAll(completions));
        }
        for (int i = 0; i < done.size(); i++) {
            if (results == null) {
                settleAbandoned(done.get(i), counts);
            } else {
                settle(done.get(i), results.get(i), counts);
            }
        }
    }

    /** Counts and reports a completion's outcome as the store gave it. */
    private void settle(Held held, LeaseResult recorded, Counts counts) {
        synchronized (lock) {
            held.settled = true;
        }
        if (!recorded.applied()) {
            counts.abandoned++;
            log.info("exploration '{}': worker {} finished chunk {} after losing its lease; result discarded",
                    exploration, worker, held.token().chunkId());
            if (events.isActive()) {
                events.publish(new ChunkClusterEvent.ChunkAbandoned(exploration, worker, held.token(),
                        held.abandonReason != null ? held.abandonReason : LEASE_LOST));
            }
            return;
        }
        counts.completed++;
        log.debug("exploration '{}': worker {} completed chunk {}", exploration, worker, held.token().chunkId());
        if (events.isActive()) {
            events.publish(new ChunkClusterEvent.ChunkCompleted(exploration, worker, held.token(),
                    Duration.ofNanos(held.nanos)));
        }
    }

    /** Counts and reports a chunk given up without a write: lost, released or self-fenced. */
    private void settleAbandoned(Held held, Counts counts) {
        synchronized (lock) {
            held.settled = true;
        }
        counts.abandoned++;
        String reason = held.abandonReason != null ? held.abandonReason : SELF_FENCED;
        if (held.started) {
            log.info("exploration '{}': worker {} abandoned chunk {} (attempt {}): {}", exploration, worker,
                    held.token().chunkId(), held.token().attempt(), reason);
        } else {
            log.debug("exploration '{}': worker {} gave up {} before starting it: {}", exploration, worker,
                    held.token(), reason);
        }
        if (events.isActive()) {
            events.publish(new ChunkClusterEvent.ChunkAbandoned(exploration, worker, held.token(), reason));
        }
    }

    /**
     * A write for chunks in hand, retried while the store is unreachable until {@code lost} says they are gone or the
     * leases ran out by the worker's own clock (then it fences the batch and writes nothing more); null if it gave up.
     */
    private <T> @Nullable T writeWhileHeld(Batch batch, String what, BooleanSupplier lost, Supplier<T> write) {
        return retrying(what, () -> {
            if (batch.fenced || lost.getAsBoolean()) {
                return true;
            }
            if (ticker.nanos() - batch.validFrom >= leaseNanos) {
                selfFence(batch);
                return true;
            }
            return false;
        }, write);
    }

    /**
     * Calls {@code call}, retrying with a growing pause while the store is unreachable, until {@code giveUp} says
     * otherwise; null when it gave up.
     */
    private <T> @Nullable T retrying(String what, BooleanSupplier giveUp, Supplier<T> call) {
        int failures = 0;
        long firstFailure = 0;
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                T value = call.get();
                if (failures > 0) {
                    log.info("exploration '{}': worker {} reached the store again after {} failed tries over {} ms "
                            + "({})", exploration, worker, failures, (ticker.nanos() - firstFailure) / 1_000_000, what);
                }
                return value;
            } catch (StoreUnavailableException e) {
                if (failures++ == 0) {
                    firstFailure = ticker.nanos();
                }
                if (giveUp.getAsBoolean()) {
                    log.warn("exploration '{}': worker {} gave up trying to {} after {} failed tries: {}", exploration,
                            worker, what, failures, e.getMessage());
                    return null;
                }
                log.warn("exploration '{}': worker {} could not {} ({} failed tries over {} ms); trying again in {} ms: "
                        + "{}", exploration, worker, what, failures, (ticker.nanos() - firstFailure) / 1_000_000,
                        backoff.toMillis(), e.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Waits between tries; a shutdown cuts the wait short. */
    private void pause(Duration duration) {
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            pausing = true;
        }
        try {
            ticker.pause(duration);
        } catch (InterruptedException e) {
            // a shutdown: the caller checks it
        } finally {
            synchronized (lock) {
                pausing = false;
                Thread.interrupted();
            }
        }
    }

    private void beat(Batch batch) {
        long at = ticker.nanos();
        List<Held> live;
        synchronized (lock) {
            live = batch.held.stream().filter(h -> !h.abandoned && !h.settled).toList();
        }
        List<Held> stale = new ArrayList<>(0);
        for (Held held : live) {
            LeaseResult renewed;
            try {
                renewed = store.renew(held.token(), held.tested, lease);
            } catch (RuntimeException e) {
                abandonAll(stale);
                renewalFailed(batch, held, e);
                return;
            }
            if (!renewed.applied()) {
                stale.add(held);
            } else if (events.isActive()) {
                events.publish(new ChunkClusterEvent.LeaseRenewed(exploration, worker, held.token(), held.tested));
            }
        }
        int lost = abandonAll(stale);
        batch.validFrom = at;
        batch.failedRenewals = 0;
        if (lost > 0) {
            log.info("exploration '{}': worker {} lost the lease of {} of its {} chunks: {}", exploration, worker,
                    lost, live.size(), LEASE_LOST);
        }
    }

    /**
     * The watch on the worker's own clock, apart from the renewals: fences the batch once no renewal was accepted for a
     * whole lease, also while a renewal call still hangs (a partition the connection has not noticed). Returns whether
     * the batch is fenced.
     */
    private boolean fenceIfRunOut(Batch batch) {
        if (batch.fenced) {
            return true;
        }
        long since = ticker.nanos() - batch.validFrom;
        if (since < leaseNanos) {
            return false;
        }
        boolean live;
        synchronized (lock) {
            live = batch.held.stream().anyMatch(h -> !h.abandoned && !h.settled);
        }
        if (live) {
            log.warn("exploration '{}': worker {} had no renewal accepted for {} ms, longer than its lease of {} ms (the "
                    + "store is unreachable or a renewal hangs); abandoning its chunks", exploration, worker,
                    since / 1_000_000, leaseNanos / 1_000_000);
        }
        selfFence(batch);
        return true;
    }

    private void renewalFailed(Batch batch, Held held, RuntimeException e) {
        batch.failedRenewals++;
        long left = batch.validFrom + leaseNanos - ticker.nanos();
        if (left <= 0) {
            log.warn("exploration '{}': worker {} could not renew its leases {} times in a row and they ran out by its "
                    + "own clock; abandoning its chunks: {}", exploration, worker, batch.failedRenewals, e.getMessage());
            selfFence(batch);
            return;
        }
        log.warn("exploration '{}': worker {} could not renew the lease of chunk {} ({} failed renewals in a row, {} ms "
                + "left by its own clock); will try again: {}", exploration, worker, held.token().chunkId(),
                batch.failedRenewals, left / 1_000_000, e.getMessage());
    }

    /**
     * Abandons chunks whose renewal was refused, all under one hold of the lock, so the loop cannot start a held one
     * between them; returns how many were abandoned now.
     */
    private int abandonAll(List<Held> stale) {
        int abandoned = 0;
        synchronized (lock) {
            for (Held held : stale) {
                if (abandon(held, LEASE_LOST)) {
                    abandoned++;
                }
            }
        }
        return abandoned;
    }

    /** Abandons every chunk of the batch not yet settled: no result of theirs is written after this. */
    private void selfFence(Batch batch) {
        synchronized (lock) {
            batch.fenced = true;
            for (Held held : batch.held) {
                abandon(held, SELF_FENCED);
            }
        }
    }

    /** Marks the chunk abandoned and interrupts its handler if it runs; false if it was abandoned or settled already. */
    private boolean abandon(Held held, String reason) {
        synchronized (lock) {
            if (held.abandoned || held.settled) {
                return false;
            }
            held.abandoned = true;
            held.abandonReason = reason;
            if (held == running && loopThread != null) {
                loopThread.interrupt();
            }
            return true;
        }
    }

    /** Abandons and releases the chunks of the batch that have not started; returns how many were released. */
    private int releaseUnstarted(Batch batch) {
        return releaseWhere(batch, held -> !held.started, SLOW);
    }

    /** Abandons and releases every chunk of the batch whose handler has not finished; returns how many. */
    private int releaseUnfinished(Batch batch, String reason) {
        return releaseWhere(batch, held -> !held.finished, reason);
    }

    private int releaseWhere(Batch batch, Predicate<Held> which, String reason) {
        List<Held> abandoned = new ArrayList<>();
        synchronized (lock) {
            for (Held held : batch.held) {
                if (which.test(held) && abandon(held, reason)) {
                    abandoned.add(held);
                }
            }
        }
        return release(abandoned);
    }

    private int release(List<Held> held) {
        int released = 0;
        for (Held h : held) {
            try {
                if (store.release(h.token()).applied()) {
                    released++;
                }
            } catch (RuntimeException e) {
                log.warn("exploration '{}': worker {} could not release chunk {}; its lease will run out instead: {}",
                        exploration, worker, h.token().chunkId(), e.getMessage());
            }
        }
        return released;
    }

    /**
     * For SIGTERM: stops claiming, releases every held chunk to pending at once (no failure counted), interrupts the
     * handler, and waits up to {@code wait} for the loop to end.
     *
     * @return true if the loop ended within {@code wait}
     */
    public boolean shutdown(Duration wait) throws InterruptedException {
        shutdown = true;
        Batch batch;
        synchronized (lock) {
            batch = hand;
            if (pausing && loopThread != null) {
                loopThread.interrupt();
            }
        }
        if (batch != null) {
            int held = batch.held.size();
            int released = releaseUnfinished(batch, SHUTTING_DOWN);
            log.info("exploration '{}': worker {} shutting down: released {} of the {} chunks in hand to pending",
                    exploration, worker, released, held);
        } else {
            log.info("exploration '{}': worker {} shutting down: no chunk in hand", exploration, worker);
        }
        return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The chunks of one claim, and what the worker's clock says of their leases. */
    private final class Batch {
        final List<Held> held;
        /** When the last claim or renewal the store accepted began, by the worker's clock. */
        volatile long validFrom;
        volatile boolean fenced;
        int failedRenewals;
        @Nullable Claimed next;

        Batch(Claimed claimed) {
            this.validFrom = claimed.atNanos();
            this.held = claimed.leases().stream().map(l -> new Held(this, l)).toList();
        }
    }

    /** A chunk in hand. State changes happen under the loop's lock. */
    private final class Held implements ChunkWork {
        final Batch batch;
        private final Lease lease;
        private volatile long tested;
        volatile boolean abandoned;
        @Nullable String abandonReason;
        boolean started;
        boolean finished;
        /** Counted and reported: nothing more happens to it. */
        boolean settled;
        @Nullable String result;
        long nanos;

        Held(Batch batch, Lease lease) {
            this.batch = batch;
            this.lease = lease;
        }

        @Override
        public String exploration() {
            return exploration;
        }

        @Override
        public ChunkRange range() {
            return lease.range();
        }

        @Override
        public LeaseToken token() {
            return lease.token();
        }

        @Override
        public void reportTested(long tested) {
            this.tested = tested;
        }

        /** Also the watch on the worker's clock: a handler that asks is told once the lease ran out unrenewed. */
        @Override
        public boolean isAbandoned() {
            if (!abandoned && !settled) {
                fenceIfRunOut(batch);
            }
            return abandoned;
        }
    }

    /** Configures a worker loop; {@link #build()} validates. */
    public static final class Builder {
        private final ChunkStore store;
        private final String exploration;
        private final String worker;
        private final ChunkHandler handler;
        private Duration lease = DEFAULT_LEASE;
        private @Nullable Heartbeats heartbeats;
        private @Nullable Heartbeats watchdog;
        private int maxClaimAhead = DEFAULT_MAX_CLAIM_AHEAD;
        private Ticker ticker = Ticker.system();
        private final List<ChunkClusterListener> listeners = new ArrayList<>();

        private Builder(ChunkStore store, String exploration, String worker, ChunkHandler handler) {
            this.store = Objects.requireNonNull(store, "store");
            this.exploration = Objects.requireNonNull(exploration, "exploration");
            this.worker = Objects.requireNonNull(worker, "worker");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** How long a claim stays valid without renewal; renewed every third of it. At least {@link #MIN_LEASE}. */
        public Builder lease(Duration lease) {
            this.lease = Objects.requireNonNull(lease, "lease");
            return this;
        }

        /** Where renewals are scheduled; by default a daemon thread. */
        public Builder heartbeats(Heartbeats heartbeats) {
            this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats");
            return this;
        }

        /**
         * Where the fence watch is scheduled (every third of the lease, like renewals, but apart from them, so that a
         * renewal call that hangs cannot delay the self-fence). By default a daemon thread of its own; with
         * {@link #heartbeats} set and no watchdog, there is none and only a handler that asks
         * {@link ChunkWork#isAbandoned()} and the writes check the worker's clock.
         */
        public Builder watchdog(Heartbeats watchdog) {
            this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
            return this;
        }

        /**
         * The most chunks claimed at once while chunks are short; 1 claims one at a time. By default
         * {@link #DEFAULT_MAX_CLAIM_AHEAD}.
         */
        public Builder maxClaimAhead(int maxClaimAhead) {
            this.maxClaimAhead = maxClaimAhead;
            return this;
        }

        /** The worker's own clock for chunk durations, lease ends and retry pauses; by default the JVM's. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Adds a listener for this worker's events; may be called several times. */
        public Builder listener(ChunkClusterListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The worker loop.
         *
         * @throws IllegalArgumentException if the lease is below {@link #MIN_LEASE}, the worker id is blank or
         *                                  {@code maxClaimAhead} is below 1
         */
        public WorkerLoop build() {
            if (lease.compareTo(MIN_LEASE) < 0) {
                throw new IllegalArgumentException("worker lease must be at least " + MIN_LEASE.toMillis()
                        + " ms (it is renewed every third); got " + lease.toMillis() + " ms");
            }
            if (worker.isBlank()) {
                throw new IllegalArgumentException("worker id must not be blank");
            }
            if (maxClaimAhead < 1) {
                throw new IllegalArgumentException("a worker claims at least 1 chunk at once (maxClaimAhead); got "
                        + maxClaimAhead);
            }
            return new WorkerLoop(this);
        }
    }
}
