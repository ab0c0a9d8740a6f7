package dev.chunkcluster.testkit;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationConflictException;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.Completion;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.ExpiryResult;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.core.port.ResetResult;
import dev.chunkcluster.core.status.ChunkCounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A {@link ChunkStore} in memory that keeps every rule of the real ones. Thread-safe: every operation holds the
 * store's lock, so each is atomic. Passes {@link ChunkStoreContract}.
 */
public final class InMemoryChunkStore implements ChunkStore {

    private final Clock clock;
    private final Map<String, Exploration> explorations = new LinkedHashMap<>();
    private final Map<Long, Chunk> chunksById = new HashMap<>();
    private long nextChunkId = 1;

    private static final class Exploration {
        final ExplorationSpec spec;
        final List<Long> chunkIds = new ArrayList<>();
        DesiredState desired = DesiredState.RUNNING;

        Exploration(ExplorationSpec spec) {
            this.spec = spec;
        }
    }

    /**
     * An empty store that reads lease times from {@code clock}.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public InMemoryChunkStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean createExploration(ExplorationSpec spec) {
        Exploration existing = explorations.get(spec.name());
        if (existing != null) {
            if (!existing.spec.equals(spec)) {
                throw new ExplorationConflictException(existing.spec, spec);
            }
            return false;
        }
        Exploration exploration = new Exploration(spec);
        for (ChunkRange range : spec.ranges()) {
            Chunk chunk = Chunk.pending(nextChunkId++, spec.name(), range);
            chunksById.put(chunk.id(), chunk);
            exploration.chunkIds.add(chunk.id());
        }
        explorations.put(spec.name(), exploration);
        return true;
    }

    @Override
    public synchronized Optional<ExplorationSpec> exploration(String exploration) {
        return Optional.ofNullable(explorations.get(exploration)).map(e -> e.spec);
    }

    @Override
    public synchronized Optional<Lease> claim(String exploration, String worker, Duration lease) {
        return claimBatch(exploration, worker, 1, lease).stream().findFirst();
    }

    @Override
    public synchronized List<Lease> claimBatch(String exploration, String worker, int max, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("batch claim needs max >= 1; got " + max);
        }
        Exploration e = require(exploration);
        if (e.desired == DesiredState.STOPPED) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Lease> leases = new ArrayList<>();
        for (Long id : e.chunkIds) {
            if (leases.size() == max) {
                break;
            }
            Chunk chunk = chunksById.get(id);
            if (chunk.status() == ChunkStatus.PENDING) {
                Chunk claimed = chunk.claim(worker, now, lease);
                chunksById.put(id, claimed);
                leases.add(new Lease(claimed.leaseToken(), exploration, claimed.range(), claimed.leaseExpiresAt()));
            }
        }
        return List.copyOf(leases);
    }

    @Override
    public synchronized LeaseResult renew(LeaseToken token, long tested, Duration lease) {
        return fenced(token, chunk -> chunk.renew(clock.instant(), lease, tested));
    }

    @Override
    public synchronized LeaseResult complete(LeaseToken token, String result) {
        return fenced(token, chunk -> chunk.complete(clock.instant(), result));
    }

    /** Both steps under the store's lock, so no other operation comes between them. */
    @Override
    public synchronized CompletionAndClaim completeAndClaim(LeaseToken token, String result, String exploration,
                                                            Duration lease) {
        Objects.requireNonNull(token, "token");
        require(exploration);
        LeaseResult completion = complete(token, result);
        return new CompletionAndClaim(completion, claim(exploration, token.worker(), lease));
    }

    /** Every completion under the store's lock, so no other operation comes between them. */
    @Override
    public synchronized List<LeaseResult> completeAll(List<Completion> completions) {
        return completions.stream().map(c -> complete(c.token(), c.result())).toList();
    }

    @Override
    public synchronized LeaseResult fail(LeaseToken token, String error) {
        return fenced(token, chunk -> chunk.fail(clock.instant(), error, maxFailures(chunk)));
    }

    @Override
    public synchronized LeaseResult release(LeaseToken token) {
        return fenced(token, Chunk::release);
    }

    private LeaseResult fenced(LeaseToken token, UnaryOperator<Chunk> transition) {
        Chunk chunk = chunksById.get(token.chunkId());
        if (chunk == null || !chunk.isHeldBy(token)) {
            return LeaseResult.STALE;
        }
        chunksById.put(chunk.id(), transition.apply(chunk));
        return LeaseResult.APPLIED;
    }

    @Override
    public synchronized ResetResult resetRunning(String exploration, DesiredState desired) {
        Objects.requireNonNull(desired, "desired");
        Exploration e = require(exploration);
        e.desired = desired;
        return resetAllRunning(e);
    }

    @Override
    public synchronized ResetResult resetOrphaned(String exploration) {
        return resetAllRunning(require(exploration));
    }

    private ResetResult resetAllRunning(Exploration e) {
        long reset = 0;
        long pending = 0;
        for (Long id : e.chunkIds) {
            Chunk chunk = chunksById.get(id);
            if (chunk.status() == ChunkStatus.RUNNING) {
                chunk = chunk.reset();
                chunksById.put(id, chunk);
                reset++;
            }
            if (chunk.status() == ChunkStatus.PENDING) {
                pending++;
            }
        }
        return new ResetResult(reset, pending);
    }

    @Override
    public synchronized ExpiryResult resetExpiredLeases(String exploration) {
        Exploration e = require(exploration);
        Instant now = clock.instant();
        long requeued = 0;
        long failed = 0;
        for (Long id : e.chunkIds) {
            Chunk chunk = chunksById.get(id);
            if (chunk.isLeaseExpired(now)) {
                Chunk expired = chunk.expire(now, e.spec.maxFailures());
                chunksById.put(id, expired);
                if (expired.status() == ChunkStatus.FAILED) {
                    failed++;
                } else {
                    requeued++;
                }
            }
        }
        return new ExpiryResult(requeued, failed);
    }

    @Override
    public synchronized long retryFailed(String exploration) {
        Exploration e = require(exploration);
        long retried = 0;
        for (Long id : e.chunkIds) {
            Chunk chunk = chunksById.get(id);
            if (chunk.status() == ChunkStatus.FAILED) {
                chunksById.put(id, chunk.retry());
                retried++;
            }
        }
        return retried;
    }

    @Override
    public synchronized ExplorationSnapshot snapshot(String exploration) {
        Exploration e = require(exploration);
        Instant now = clock.instant();
        long[] byStatus = new long[ChunkStatus.values().length];
        long tested = 0;
        long expired = 0;
        for (Long id : e.chunkIds) {
            Chunk chunk = chunksById.get(id);
            byStatus[chunk.status().ordinal()]++;
            if (chunk.status() == ChunkStatus.COMPLETED || chunk.status() == ChunkStatus.RUNNING) {
                tested += chunk.tested();
            }
            if (chunk.isLeaseExpired(now)) {
                expired++;
            }
        }
        ChunkCounts counts = ChunkCounts.of(byStatus[ChunkStatus.PENDING.ordinal()],
                byStatus[ChunkStatus.RUNNING.ordinal()], byStatus[ChunkStatus.COMPLETED.ordinal()],
                byStatus[ChunkStatus.FAILED.ordinal()]);
        return new ExplorationSnapshot(e.spec, e.desired, counts, tested, expired);
    }

    @Override
    public synchronized DesiredState desiredState(String exploration) {
        return require(exploration).desired;
    }

    @Override
    public synchronized void setDesiredState(String exploration, DesiredState desired) {
        require(exploration).desired = Objects.requireNonNull(desired, "desired");
    }

    /** Chunks one page of {@link #forEachChunk} copies under the store's lock. */
    static final int PAGE = 100;

    /** A page at a time, each copied under the lock and handed over outside it, as a database store reads them. */
    @Override
    public void forEachChunk(String exploration, Consumer<? super Chunk> action) {
        Objects.requireNonNull(action, "action");
        for (int from = 0; ; from += PAGE) {
            List<Chunk> page = page(exploration, from);
            page.forEach(action);
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private synchronized List<Chunk> page(String exploration, int from) {
        List<Long> ids = require(exploration).chunkIds;
        return ids.subList(Math.min(from, ids.size()), Math.min(from + PAGE, ids.size())).stream()
                .map(chunksById::get).toList();
    }

    @Override
    public synchronized Optional<Chunk> chunk(long chunkId) {
        return Optional.ofNullable(chunksById.get(chunkId));
    }

    /**
     * Replaces a chunk as it is stored, bypassing every rule: for tests that need a state the rules cannot reach
     * quickly, such as rows left running by a coordinator that died.
     *
     * @throws IllegalArgumentException if the store holds no chunk with {@code chunk.id()}
     */
    public synchronized void overwrite(Chunk chunk) {
        if (!chunksById.containsKey(chunk.id())) {
            throw new IllegalArgumentException("no chunk " + chunk.id() + " to overwrite");
        }
        chunksById.put(chunk.id(), chunk);
    }

    private int maxFailures(Chunk chunk) {
        return require(chunk.exploration()).spec.maxFailures();
    }

    private Exploration require(String exploration) {
        Exploration e = explorations.get(exploration);
        if (e == null) {
            throw new ExplorationNotFoundException(exploration);
        }
        return e;
    }
}
