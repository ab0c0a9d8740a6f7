package dev.chunkcluster.testkit.extending;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.ExpiryResult;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.core.port.ResetResult;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A {@link ChunkStore} of one's own, the small way: it keeps its chunks in another store and counts the claims,
 * the recorded results and the recorded failures on the way, for a metrics endpoint. Every rule of the port (atomic
 * steps, fencing tokens, the store's clock, the exceptions) is the other store's; a stale token is not counted.
 * docs/extending.md walks through it; {@link CountingChunkStoreContractTest} runs the contract on it.
 */
public final class CountingChunkStore implements ChunkStore {

    private final ChunkStore chunks;
    private final LongAdder claimed = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** Counts what passes through to {@code chunks}. */
    public CountingChunkStore(ChunkStore chunks) {
        this.chunks = Objects.requireNonNull(chunks, "chunks");
    }

    /** Chunks claimed so far. */
    public long claimed() {
        return claimed.sum();
    }

    /** Results recorded so far (stale completions excluded). */
    public long completed() {
        return completed.sum();
    }

    /** Failures recorded so far (stale ones excluded). */
    public long failed() {
        return failed.sum();
    }

    @Override
    public boolean createExploration(ExplorationSpec spec) {
        return chunks.createExploration(spec);
    }

    @Override
    public Optional<ExplorationSpec> exploration(String exploration) {
        return chunks.exploration(exploration);
    }

    @Override
    public Optional<Lease> claim(String exploration, String worker, Duration lease) {
        Optional<Lease> claim = chunks.claim(exploration, worker, lease);
        claim.ifPresent(l -> claimed.increment());
        return claim;
    }

    @Override
    public List<Lease> claimBatch(String exploration, String worker, int max, Duration lease) {
        List<Lease> batch = chunks.claimBatch(exploration, worker, max, lease);
        claimed.add(batch.size());
        return batch;
    }

    @Override
    public LeaseResult renew(LeaseToken token, long tested, Duration lease) {
        return chunks.renew(token, tested, lease);
    }

    @Override
    public LeaseResult complete(LeaseToken token, String result) {
        return countCompletion(chunks.complete(token, result));
    }

    // Passed on as one call: the other store may do both in one transaction, which the default would split in two.
    @Override
    public CompletionAndClaim completeAndClaim(LeaseToken token, String result, String exploration, Duration lease) {
        CompletionAndClaim both = chunks.completeAndClaim(token, result, exploration, lease);
        countCompletion(both.completion());
        both.next().ifPresent(l -> claimed.increment());
        return both;
    }

    @Override
    public LeaseResult fail(LeaseToken token, String error) {
        LeaseResult result = chunks.fail(token, error);
        if (result.applied()) {
            failed.increment();
        }
        return result;
    }

    @Override
    public LeaseResult release(LeaseToken token) {
        return chunks.release(token);
    }

    @Override
    public ResetResult resetRunning(String exploration, DesiredState desired) {
        return chunks.resetRunning(exploration, desired);
    }

    @Override
    public ResetResult resetOrphaned(String exploration) {
        return chunks.resetOrphaned(exploration);
    }

    @Override
    public ExpiryResult resetExpiredLeases(String exploration) {
        return chunks.resetExpiredLeases(exploration);
    }

    @Override
    public long retryFailed(String exploration) {
        return chunks.retryFailed(exploration);
    }

    @Override
    public ExplorationSnapshot snapshot(String exploration) {
        return chunks.snapshot(exploration);
    }

    @Override
    public DesiredState desiredState(String exploration) {
        return chunks.desiredState(exploration);
    }

    @Override
    public void setDesiredState(String exploration, DesiredState desired) {
        chunks.setDesiredState(exploration, desired);
    }

    @Override
    public void forEachChunk(String exploration, Consumer<? super Chunk> action) {
        chunks.forEachChunk(exploration, action);
    }

    @Override
    public void forEachChunk(String exploration, ChunkStatus status, Consumer<? super Chunk> action) {
        chunks.forEachChunk(exploration, status, action);
    }

    @Override
    public Optional<Chunk> chunk(long chunkId) {
        return chunks.chunk(chunkId);
    }

    private LeaseResult countCompletion(LeaseResult result) {
        if (result.applied()) {
            completed.increment();
        }
        return result;
    }
}
