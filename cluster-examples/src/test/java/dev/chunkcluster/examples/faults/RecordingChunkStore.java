package dev.chunkcluster.examples.faults;

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
import dev.chunkcluster.examples.faults.EventLog.Type;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link ChunkStore} that writes every fenced operation of a worker and the store's answer to its {@link EventLog}
 * (a {@link #completeAndClaim} as its completion and its claim, done in one transaction by the SQLite store),
 * so the test can prove exactly-once recording from the worker's side too. A completion or renewal is logged before
 * the call ({@code BEGIN}, a completion with the result's digest) and after it ({@code APPLIED} or {@code STALE}): a
 * SIGKILL between the two leaves a BEGIN without an answer, which the history check accepts only if the row says the
 * completion committed or the chunk was completed at another attempt; a SIGSTOP between the two writes the answer
 * late, and the BEGIN tells that the call was made before.
 */
final class RecordingChunkStore implements ChunkStore {

    private final ChunkStore store;
    private final EventLog log;

    RecordingChunkStore(ChunkStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    @Override
    public Optional<Lease> claim(String exploration, String worker, Duration lease) {
        Optional<Lease> claimed = store.claim(exploration, worker, lease);
        claimed.ifPresent(l -> log.write(Type.CLAIM, l.token().chunkId(), l.token().attempt(), "APPLIED", null));
        return claimed;
    }

    @Override
    public List<Lease> claimBatch(String exploration, String worker, int max, Duration lease) {
        List<Lease> claimed = store.claimBatch(exploration, worker, max, lease);
        claimed.forEach(l -> log.write(Type.CLAIM, l.token().chunkId(), l.token().attempt(), "APPLIED", null));
        return claimed;
    }

    @Override
    public LeaseResult renew(LeaseToken token, long tested, Duration lease) {
        log.write(Type.RENEW, token.chunkId(), token.attempt(), EventLog.BEGIN, null);
        return recorded(Type.RENEW, token, null, () -> store.renew(token, tested, lease));
    }

    @Override
    public LeaseResult complete(LeaseToken token, String result) {
        String digest = EventLog.digest(result);
        log.write(Type.COMPLETE, token.chunkId(), token.attempt(), EventLog.BEGIN, digest);
        return recorded(Type.COMPLETE, token, digest, () -> store.complete(token, result));
    }

    @Override
    public CompletionAndClaim completeAndClaim(LeaseToken token, String result, String exploration, Duration lease) {
        String digest = EventLog.digest(result);
        log.write(Type.COMPLETE, token.chunkId(), token.attempt(), EventLog.BEGIN, digest);
        CompletionAndClaim both;
        try {
            both = store.completeAndClaim(token, result, exploration, lease);
        } catch (RuntimeException e) {
            log.write(Type.COMPLETE, token.chunkId(), token.attempt(), "ERROR", digest);
            throw e;
        }
        log.write(Type.COMPLETE, token.chunkId(), token.attempt(), both.completion().name(), digest);
        both.next().ifPresent(l -> log.write(Type.CLAIM, l.token().chunkId(), l.token().attempt(), "APPLIED", null));
        return both;
    }

    @Override
    public LeaseResult fail(LeaseToken token, String error) {
        return recorded(Type.FAIL, token, null, () -> store.fail(token, error));
    }

    @Override
    public LeaseResult release(LeaseToken token) {
        return recorded(Type.RELEASE, token, null, () -> store.release(token));
    }

    private LeaseResult recorded(Type type, LeaseToken token, String digest, Supplier<LeaseResult> call) {
        LeaseResult result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            log.write(type, token.chunkId(), token.attempt(), "ERROR", digest);
            throw e;
        }
        log.write(type, token.chunkId(), token.attempt(), result.name(), digest);
        return result;
    }

    @Override
    public boolean createExploration(ExplorationSpec spec) {
        return store.createExploration(spec);
    }

    @Override
    public Optional<ExplorationSpec> exploration(String exploration) {
        return store.exploration(exploration);
    }

    @Override
    public ResetResult resetRunning(String exploration, DesiredState desired) {
        return store.resetRunning(exploration, desired);
    }

    @Override
    public ResetResult resetOrphaned(String exploration) {
        return store.resetOrphaned(exploration);
    }

    @Override
    public ExpiryResult resetExpiredLeases(String exploration) {
        return store.resetExpiredLeases(exploration);
    }

    @Override
    public long retryFailed(String exploration) {
        return store.retryFailed(exploration);
    }

    @Override
    public ExplorationSnapshot snapshot(String exploration) {
        return store.snapshot(exploration);
    }

    @Override
    public DesiredState desiredState(String exploration) {
        return store.desiredState(exploration);
    }

    @Override
    public void setDesiredState(String exploration, DesiredState desired) {
        store.setDesiredState(exploration, desired);
    }

    @Override
    public void forEachChunk(String exploration, Consumer<? super Chunk> action) {
        store.forEachChunk(exploration, action);
    }

    @Override
    public void forEachChunk(String exploration, ChunkStatus status, Consumer<? super Chunk> action) {
        store.forEachChunk(exploration, status, action);
    }

    @Override
    public Optional<Chunk> chunk(long chunkId) {
        return store.chunk(chunkId);
    }
}
