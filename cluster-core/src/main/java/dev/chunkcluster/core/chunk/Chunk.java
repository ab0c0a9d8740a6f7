package dev.chunkcluster.core.chunk;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One chunk of an exploration, as a store holds it. Immutable: each transition returns the next version and is
 * checked against {@link ChunkTransitions}.
 *
 * @param id             unique in its store
 * @param attempt        the fencing token: +1 on every claim, never changed by reset
 * @param assignedWorker the lease holder while running, otherwise null
 * @param startedAt      when the current lease was claimed, otherwise null
 * @param leaseExpiresAt when the current lease runs out, otherwise null
 * @param failures       errors and expired leases so far
 * @param tested         combinations tested: reported while running, {@code count} once completed
 * @param finishedAt     when the chunk completed or failed for good, otherwise null
 * @param result         the recorded result, written once on completion, otherwise null
 * @param lastError      the last error reported or the last lease expiry, null if none
 */
public record Chunk(long id, String exploration, int index, long first, long count, ChunkStatus status,
                    @Nullable String assignedWorker, @Nullable Instant startedAt, int attempt,
                    @Nullable Instant leaseExpiresAt, int failures, long tested, @Nullable Instant finishedAt,
                    @Nullable String result, @Nullable String lastError) {

    /**
     * Checks the values every chunk has.
     *
     * @throws NullPointerException if {@code exploration} or {@code status} is null
     */
    public Chunk {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(status, "status");
    }

    /**
     * A new pending chunk covering {@code range}.
     *
     * @throws NullPointerException if {@code exploration} is null
     */
    public static Chunk pending(long id, String exploration, ChunkRange range) {
        return new Chunk(id, exploration, range.index(), range.first(), range.count(), ChunkStatus.PENDING,
                null, null, 0, null, 0, 0, null, null, null);
    }

    /** The combinations this chunk covers. */
    public ChunkRange range() {
        return new ChunkRange(index, first, count);
    }

    /** The lease a worker holds while this chunk is running, or null. */
    public @Nullable LeaseToken leaseToken() {
        return status == ChunkStatus.RUNNING ? new LeaseToken(id, attempt, assignedWorker) : null;
    }

    /** Whether {@code token} is the current lease: running, same attempt, same worker. */
    public boolean isHeldBy(LeaseToken token) {
        return status == ChunkStatus.RUNNING && token.chunkId() == id && token.attempt() == attempt
                && token.worker().equals(assignedWorker);
    }

    /** Whether the chunk is running and its lease ran out at or before {@code now}. */
    public boolean isLeaseExpired(Instant now) {
        return status == ChunkStatus.RUNNING && leaseExpiresAt != null && !now.isBefore(leaseExpiresAt);
    }

    /**
     * The chunk claimed by {@code worker} at {@code now}: running, with the next attempt (the new fencing token) and a
     * lease until {@code now + lease}.
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk claim(String worker, Instant now, Duration lease) {
        Objects.requireNonNull(worker, "worker");
        ChunkStatus next = ChunkTransitions.next(id, status, ChunkEvent.CLAIM, failures, Integer.MAX_VALUE);
        return new Chunk(id, exploration, index, first, count, next, worker, now, attempt + 1, now.plus(lease),
                failures, 0, null, null, lastError);
    }

    /**
     * The chunk with its lease extended to {@code now + lease} and {@code tested} combinations reported (kept within 0
     * and the chunk's count).
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk renew(Instant now, Duration lease, long tested) {
        ChunkStatus next = ChunkTransitions.next(id, status, ChunkEvent.RENEW, failures, Integer.MAX_VALUE);
        long reported = Math.max(0, Math.min(tested, count));
        return new Chunk(id, exploration, index, first, count, next, assignedWorker, startedAt, attempt,
                now.plus(lease), failures, reported, null, null, lastError);
    }

    /**
     * The chunk completed at {@code now} with {@code result}; every combination counts as tested.
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk complete(Instant now, String result) {
        ChunkStatus next = ChunkTransitions.next(id, status, ChunkEvent.COMPLETE, failures, Integer.MAX_VALUE);
        return new Chunk(id, exploration, index, first, count, next, assignedWorker, startedAt, attempt, null,
                failures, count, now, result, lastError);
    }

    /**
     * The chunk after an error reported by its worker: one more failure, then pending again, or failed for good once
     * failures reach {@code maxFailures}.
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk fail(Instant now, String error, int maxFailures) {
        return failed(ChunkEvent.FAIL, now, error, maxFailures);
    }

    /**
     * The chunk after its lease ran out: counted like {@link #fail}, with the expiry as the error.
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk expire(Instant now, int maxFailures) {
        return failed(ChunkEvent.EXPIRE, now, "lease of attempt " + attempt + " by " + assignedWorker
                + " expired at " + leaseExpiresAt, maxFailures);
    }

    private Chunk failed(ChunkEvent event, Instant now, String error, int maxFailures) {
        int failuresAfter = failures + 1;
        ChunkStatus next = ChunkTransitions.next(id, status, event, failuresAfter, maxFailures);
        Instant finished = next == ChunkStatus.FAILED ? now : null;
        return new Chunk(id, exploration, index, first, count, next, null, null, attempt, null, failuresAfter, 0,
                finished, null, error);
    }

    /**
     * The chunk put back to pending by Stop, Start or the health check, without counting a failure.
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk reset() {
        return backToPending(ChunkEvent.RESET);
    }

    /**
     * The chunk given back to pending by its worker on shutdown, without counting a failure.
     *
     * @throws IllegalChunkTransitionException if the state machine does not allow this from the chunk's status
     */
    public Chunk release() {
        return backToPending(ChunkEvent.RELEASE);
    }

    /**
     * Gives a failed chunk a fresh set of {@code maxFailures} tries.
     *
     * @throws IllegalChunkTransitionException if the chunk is not failed
     */
    public Chunk retry() {
        return backToPending(ChunkEvent.RETRY);
    }

    private Chunk backToPending(ChunkEvent event) {
        ChunkStatus next = ChunkTransitions.next(id, status, event, failures, Integer.MAX_VALUE);
        int failuresAfter = event == ChunkEvent.RETRY ? 0 : failures;
        return new Chunk(id, exploration, index, first, count, next, null, null, attempt, null, failuresAfter, 0,
                null, null, lastError);
    }
}
