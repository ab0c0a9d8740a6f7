package dev.chunkcluster.core.port;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where chunks live. Implementations keep every rule of the chunk state machine
 * ({@link dev.chunkcluster.core.chunk.ChunkTransitions}) atomically, also across processes where they are shared.
 *
 * <p>Fenced operations ({@link #renew}, {@link #complete}, {@link #completeAll}, {@link #fail}, {@link #release}, and
 * the completion of {@link #completeAndClaim}) take a {@link LeaseToken}; with a stale token they change nothing of the token's chunk
 * and return {@link LeaseResult#STALE}, never throw for it. Lease times come from the store's clock.
 *
 * <p>Errors are {@link dev.chunkcluster.core.error.ChunkClusterException}s; driver exceptions never cross this port.
 * Every method that names an exploration the store does not hold throws
 * {@link dev.chunkcluster.core.error.ExplorationNotFoundException} ({@link #exploration(String)} returns empty
 * instead, and {@link #createExploration} creates it). Any method throws
 * {@link dev.chunkcluster.core.error.StoreUnavailableException} when the store cannot be read or written
 * ({@link dev.chunkcluster.core.error.StoreBusyException} when other writers held it past its timeout), and
 * {@link dev.chunkcluster.core.error.ReadOnlyStoreException} when this process may not write it.
 * The test kit's {@code ChunkStoreContract} is the executable definition of this interface.
 */
public interface ChunkStore {

    /**
     * Creates the exploration with all its chunks pending and desired state running, or does nothing if an
     * identical one exists.
     *
     * @return true if created, false if it already existed with the same spec
     * @throws dev.chunkcluster.core.chunk.ExplorationConflictException if one exists under that name with another spec
     */
    boolean createExploration(ExplorationSpec spec);

    /** The exploration's spec, if the store holds it. */
    Optional<ExplorationSpec> exploration(String exploration);

    /** Claims one pending chunk for {@code worker}; empty when none is pending or the desired state is stopped. */
    Optional<Lease> claim(String exploration, String worker, Duration lease);

    /** Claims up to {@code max} pending chunks in one atomic step; empty under the same conditions as {@link #claim}. */
    List<Lease> claimBatch(String exploration, String worker, int max, Duration lease);

    /** Extends the lease to now + {@code lease} and records {@code tested} combinations so far. */
    LeaseResult renew(LeaseToken token, long tested, Duration lease);

    /** Records the chunk's result: running → completed. The result is written once. */
    LeaseResult complete(LeaseToken token, String result);

    /**
     * {@link #complete} then {@link #claim}, as one step: records the result of the chunk of {@code token}, then claims
     * the next pending chunk of {@code exploration} for the token's worker. A worker loop that does both after each
     * chunk needs one transaction instead of two.
     *
     * <p>The claim is attempted whatever the completion's outcome: a {@link LeaseResult#STALE} completion changes
     * nothing of its chunk (another worker may own it now) and says nothing against this worker taking other work.
     * The claim follows the rules of {@link #claim}: nothing while the exploration's desired state is stopped, even
     * when the completion is applied.
     *
     * <p>The default calls the two operations one after the other, which gives the same outcomes; a store that can
     * do both in one transaction overrides it.
     */
    default CompletionAndClaim completeAndClaim(LeaseToken token, String result, String exploration,
                                                Duration lease) {
        LeaseResult completion = complete(token, result);
        return new CompletionAndClaim(completion, claim(exploration, token.worker(), lease));
    }

    /**
     * Records several results in one step, each fenced by its own token as {@link #complete} is: a stale token's
     * completion changes nothing of its chunk and is reported {@link LeaseResult#STALE} while the others are recorded.
     * A worker that claimed several chunks ahead ({@link #claimBatch}) records their results together, so it needs
     * one transaction for many short chunks.
     *
     * <p>The default completes them one after the other, which gives the same outcomes; a store that can do all in one
     * transaction overrides it.
     *
     * @return one outcome per completion, in the order given
     */
    default List<LeaseResult> completeAll(List<Completion> completions) {
        return completions.stream().map(c -> complete(c.token(), c.result())).toList();
    }

    /** Records an error: running → pending, or failed once failures reach the exploration's max failures. */
    LeaseResult fail(LeaseToken token, String error);

    /** Gives the chunk back without counting a failure (the worker is shutting down). */
    LeaseResult release(LeaseToken token);

    /**
     * In one atomic step: sets the desired state and resets every running chunk to pending (failures and attempt
     * unchanged). Completed chunks are never touched. Used by Stop and Start.
     */
    ResetResult resetRunning(String exploration, DesiredState desired);

    /** Resets every running chunk to pending without changing the desired state (their processes are gone). */
    ResetResult resetOrphaned(String exploration);

    /** Puts running chunks whose lease has expired back to pending (or failed), adding one failure each. */
    ExpiryResult resetExpiredLeases(String exploration);

    /** Puts failed chunks back to pending with a fresh set of tries; returns how many. */
    long retryFailed(String exploration);

    /** Counts, tested combinations and expired leases in one consistent read. */
    ExplorationSnapshot snapshot(String exploration);

    /** What the user last asked of the exploration: running or stopped. */
    DesiredState desiredState(String exploration);

    /**
     * Sets what the user asks of the exploration; while stopped, nothing can be claimed. Running chunks are left as
     * they are.
     */
    void setDesiredState(String exploration, DesiredState desired);

    /**
     * Hands every chunk of the exploration to {@code action}, in index order, without holding them all in memory: a
     * store reads them a page at a time, each page one consistent read, and holds no transaction while {@code action}
     * runs, so the action may call the store. Each chunk is handed over once, as it was when its page was read. For
     * inspection and tests; the hot paths never read every chunk.
     */
    void forEachChunk(String exploration, Consumer<? super Chunk> action);

    /**
     * {@link #forEachChunk(String, Consumer)} for the chunks in {@code status} only: a chunk that changes status while
     * the pages are read is handed over if it was in {@code status} when its page was read. For results, which
     * completed chunks keep. The default filters every chunk; a store that can read one status alone overrides it.
     */
    default void forEachChunk(String exploration, ChunkStatus status, Consumer<? super Chunk> action) {
        forEachChunk(exploration, chunk -> {
            if (chunk.status() == status) {
                action.accept(chunk);
            }
        });
    }

    /** One chunk by id. */
    Optional<Chunk> chunk(long chunkId);
}
