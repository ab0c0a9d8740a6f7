package dev.chunkcluster.core.chunk;

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
 * @param result         the recorded result, written once on completion
 * @param lastError      the last error reported or the last lease expiry
 */
public record Chunk(long id, String exploration, int index, long first, long count, ChunkStatus status,
                    String assignedWorker, Instant startedAt, int attempt, Instant leaseExpiresAt, int failures,
                    long tested, Instant finishedAt, String result, String lastError) {

    public Chunk {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(status, "status");
    }

    /** A new pending chunk covering {@code range}. */
    public static Chunk pending(long id, String exploration, ChunkRange range) {
        return new Chunk(id, exploration, range.index(), range.first(), range.count(), ChunkStatus.PENDING,
                null, null, 0, null, 0, 0, null, null, null);
    }

    public ChunkRange range() {
        return new ChunkRange(index, first, count);
    }

    /** The lease a worker holds while this chunk is running, or null. */
    public LeaseToken leaseToken() {
        return status == ChunkStatus.RUNNING ? new LeaseToken(id, attempt, assignedWorker) : null;
    }

    /** Whether {@code token} is the current lease: running, same attempt, same worker. */
    public boolean isHeldBy(LeaseToken token) {
        return status == ChunkStatus.RUNNING && token.chunkId() == id && token.attempt() == attempt
                && token.worker().equals(assignedWorker);
    }

    public boolean isLeaseExpired(Instant now) {
        return status == ChunkStatus.RUNNING && leaseExpiresAt != null && !now.isBefore(leaseExpiresAt);
    }

    public Chunk claim(String worker, Instant now, Duration lease) {
        Objects.requireNonNull(worker, "worker");
        ChunkStatus next = ChunkTransitions.next(id, status, ChunkEvent.CLAIM, failures, Integer.MAX_VALUE);
        return new Chunk(id, exploration, index, first, count, next, worker, now, attempt + 1, now.plus(lease),
                failures, 0, null, null, lastError);
    }

    public Chunk renew(Instant now, Duration lease, long tested) {
        ChunkStatus next = ChunkTransitions.next(id, status, ChunkEvent.RENEW, failures, Integer.MAX_VALUE);
        long reported = Math.max(0, Math.min(tested, count));
        return new Chunk(id, exploration, index, first, count, next, assignedWorker, startedAt, attempt,
                now.plus(lease), failures, reported, null, null, lastError);
    }

    public Chunk complete(Instant now, String result) {
        ChunkStatus next = ChunkTransitions.next(id, status, ChunkEvent.COMPLETE, failures, Integer.MAX_VALUE);
        return new Chunk(id, exploration, index, first, count, next, assignedWorker, startedAt, attempt, null,
                failures, count, now, result, lastError);
    }

    public Chunk fail(Instant now, String error, int maxFailures) {
        return failed(ChunkEvent.FAIL, now, error, maxFailures);
    }

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

    public Chunk reset() {
        return backToPending(ChunkEvent.RESET);
    }

    public Chunk release() {
        return backToPending(ChunkEvent.RELEASE);
    }

    /** Gives a failed chunk a fresh set of {@code maxFailures} tries. */
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
