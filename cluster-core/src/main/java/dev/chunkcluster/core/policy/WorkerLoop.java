package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker: claim a chunk, run the handler, renew the lease from a heartbeat every lease/3 (carrying the tested
 * count), then complete or fail. A result is recorded together with the claim of the next chunk
 * ({@link ChunkStore#completeAndClaim}), so a worker needs one store transaction per chunk. A refused renewal
 * interrupts the handler and abandons the chunk. {@link #shutdown(Duration)} (for SIGTERM) releases the current chunk
 * at once, without counting a failure; a result finished while shutting down is recorded without claiming another
 * chunk. The loop ends when the exploration is stopped or nothing is left to claim.
 *
 * <p>Longer than most classes because the loop, its heartbeat and its shutdown share one piece of state (the chunk
 * in hand and its lease token) whose hand-over between three threads is the hard part; kept in one file so it can be
 * read in one place.
 */
public final class WorkerLoop {

    /** Lease length unless configured otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** The shortest lease accepted: it is renewed every third, and a renewal must fit in that third. */
    public static final Duration MIN_LEASE = Duration.ofMillis(300);

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

    private final ChunkStore store;
    private final String exploration;
    private final String worker;
    private final ChunkHandler handler;
    private final Duration lease;
    private final Duration renewEvery;
    private final Heartbeats heartbeats;

    private final Object lock = new Object();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean shutdown;
    private Thread loopThread;
    private Current current;

    private WorkerLoop(Builder builder) {
        this.store = builder.store;
        this.exploration = builder.exploration;
        this.worker = builder.worker;
        this.handler = builder.handler;
        this.lease = builder.lease;
        this.renewEvery = builder.lease.dividedBy(3);
        this.heartbeats = builder.heartbeats != null ? builder.heartbeats
                : Heartbeats.onDaemonThread("heartbeat-" + builder.worker);
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
        long completed = 0;
        long failed = 0;
        long abandoned = 0;
        WorkerSummary.ExitReason reason;
        log.info("exploration '{}': worker {} started (lease {} ms)", exploration, worker, lease.toMillis());
        try {
            Optional<Lease> next = Optional.empty();
            boolean nextClaimed = false;
            while (true) {
                if (!nextClaimed) {
                    if (shutdown) {
                        reason = WorkerSummary.ExitReason.SHUTDOWN;
                        break;
                    }
                    next = store.claim(exploration, worker, lease);
                }
                if (next.isEmpty()) {
                    reason = nothingToClaim();
                    break;
                }
                Step step = work(next.get());
                switch (step.outcome()) {
                    case COMPLETED -> completed++;
                    case FAILED -> failed++;
                    case ABANDONED -> abandoned++;
                }
                nextClaimed = step.nextClaimed();
                next = step.next();
            }
        } finally {
            ended.countDown();
        }
        if (reason == WorkerSummary.ExitReason.SHUTDOWN) {
            Thread.interrupted();
        }
        log.info("exploration '{}': worker {} exits ({}): {} completed, {} failed, {} abandoned", exploration, worker,
                reason.name().toLowerCase(java.util.Locale.ROOT), completed, failed, abandoned);
        return new WorkerSummary(completed, failed, abandoned, reason);
    }

    /** Why a claim came back empty. */
    private WorkerSummary.ExitReason nothingToClaim() {
        if (shutdown) {
            return WorkerSummary.ExitReason.SHUTDOWN;
        }
        return store.desiredState(exploration) == DesiredState.STOPPED
                ? WorkerSummary.ExitReason.STOPPED : WorkerSummary.ExitReason.DRAINED;
    }

    private enum Outcome { COMPLETED, FAILED, ABANDONED }

    /**
     * What became of a chunk, and the chunk to work on next when the store claimed it together with the result
     * ({@code nextClaimed}; {@code next} is then empty when nothing was left to claim).
     */
    private record Step(Outcome outcome, boolean nextClaimed, Optional<Lease> next) {

        static Step alone(Outcome outcome) {
            return new Step(outcome, false, Optional.empty());
        }
    }

    private Step work(Lease claimed) {
        Current work = new Current(claimed);
        synchronized (lock) {
            current = work;
        }
        if (shutdown) {
            abandon(work, "worker shutting down");
            store.release(claimed.token());
            return Step.alone(finish(work, claimed));
        }
        log.debug("exploration '{}': worker {} claimed {}", exploration, worker, claimed.token());
        Heartbeats.Beating beating = heartbeats.start(() -> beat(work), renewEvery);
        String result = null;
        Exception error = null;
        try {
            result = handler.handle(work);
        } catch (Exception e) {
            error = e;
        } finally {
            beating.stop();
        }
        Outcome abandoned = finish(work, claimed);
        if (abandoned != null) {
            return Step.alone(abandoned);
        }
        if (error != null) {
            String message = error.getClass().getSimpleName() + ": " + error.getMessage();
            LeaseResult recorded = store.fail(claimed.token(), message);
            log.warn("exploration '{}': worker {} chunk {} failed{}: {}", exploration, worker,
                    claimed.token().chunkId(), recorded.applied() ? "" : " (lease already lost, not recorded)", message);
            return Step.alone(recorded.applied() ? Outcome.FAILED : Outcome.ABANDONED);
        }
        // One transaction records the result and claims the next chunk; a worker that is shutting down only records.
        boolean claimNext = !shutdown;
        LeaseResult recorded;
        Optional<Lease> next = Optional.empty();
        if (claimNext) {
            CompletionAndClaim both = store.completeAndClaim(claimed.token(), result, exploration, lease);
            recorded = both.completion();
            next = both.next();
        } else {
            recorded = store.complete(claimed.token(), result);
        }
        if (!recorded.applied()) {
            log.info("exploration '{}': worker {} finished chunk {} after losing its lease; result discarded",
                    exploration, worker, claimed.token().chunkId());
            return new Step(Outcome.ABANDONED, claimNext, next);
        }
        log.debug("exploration '{}': worker {} completed chunk {}", exploration, worker, claimed.token().chunkId());
        return new Step(Outcome.COMPLETED, claimNext, next);
    }

    /** Marks the chunk finished; returns ABANDONED if the lease was lost meanwhile, otherwise null. */
    private Outcome finish(Current work, Lease claimed) {
        synchronized (lock) {
            current = null;
            work.finished = true;
            Thread.interrupted();
            if (!work.abandoned) {
                return null;
            }
        }
        log.info("exploration '{}': worker {} abandoned chunk {} (attempt {}): {}", exploration, worker,
                claimed.token().chunkId(), claimed.token().attempt(), work.abandonReason);
        return Outcome.ABANDONED;
    }

    private void beat(Current work) {
        LeaseResult renewed;
        try {
            renewed = store.renew(work.token(), work.tested, lease);
        } catch (RuntimeException e) {
            log.warn("exploration '{}': worker {} could not renew the lease of chunk {}; will try again: {}",
                    exploration, worker, work.token().chunkId(), e.getMessage());
            return;
        }
        if (!renewed.applied()) {
            abandon(work, "lease lost (stopped, expired or claimed by another worker)");
        }
    }

    private void abandon(Current work, String reason) {
        synchronized (lock) {
            if (work.finished || work.abandoned) {
                return;
            }
            work.abandoned = true;
            work.abandonReason = reason;
            loopThread.interrupt();
        }
    }

    /**
     * For SIGTERM: stops claiming, releases the current chunk to pending at once (no failure counted), interrupts the
     * handler, and waits up to {@code wait} for the loop to end.
     *
     * @return true if the loop ended within {@code wait}
     */
    public boolean shutdown(Duration wait) throws InterruptedException {
        shutdown = true;
        Current work;
        synchronized (lock) {
            work = current;
        }
        if (work != null) {
            abandon(work, "worker shutting down");
            LeaseResult released = store.release(work.token());
            log.info("exploration '{}': worker {} shutting down: released chunk {} to pending{}", exploration, worker,
                    work.token().chunkId(), released.applied() ? "" : " (lease was already lost)");
        } else {
            log.info("exploration '{}': worker {} shutting down: no chunk in hand", exploration, worker);
        }
        return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Current implements ChunkWork {
        private final Lease lease;
        private volatile long tested;
        private volatile boolean abandoned;
        private boolean finished;
        private String abandonReason;

        Current(Lease lease) {
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

        @Override
        public boolean isAbandoned() {
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
        private Heartbeats heartbeats;

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
         * The worker loop.
         *
         * @throws IllegalArgumentException if the lease is below {@link #MIN_LEASE} or the worker id is blank
         */
        public WorkerLoop build() {
            if (lease.compareTo(MIN_LEASE) < 0) {
                throw new IllegalArgumentException("worker lease must be at least " + MIN_LEASE.toMillis()
                        + " ms (it is renewed every third); got " + lease.toMillis() + " ms");
            }
            if (worker.isBlank()) {
                throw new IllegalArgumentException("worker id must not be blank");
            }
            return new WorkerLoop(this);
        }
    }
}
