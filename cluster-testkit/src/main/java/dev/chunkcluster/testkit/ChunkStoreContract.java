package dev.chunkcluster.testkit;

import dev.chunkcluster.core.chunk.Chunk;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The executable definition of {@link ChunkStore}. Every implementation extends this class and passes it unchanged:
 *
 * <pre>{@code
 * class MyStoreContractTest extends ChunkStoreContract {
 *     protected ChunkStore createStore(Clock clock) { return MyStore.open(..., clock); }
 * }
 * }</pre>
 *
 * The store must take lease times from the given clock, which the tests move.
 *
 * <p>Long on purpose: one test per promise of the port, all in one class, so that an implementer extends one class and
 * sees the whole contract.
 */
public abstract class ChunkStoreContract {

    /** For subclasses, which say how to create the store under test. */
    protected ChunkStoreContract() {
    }

    /** The lease every claim of the tests asks for. */
    protected static final Duration LEASE = Duration.ofSeconds(30);
    /** The name of the exploration most tests create. */
    protected static final String NAME = "sweep";

    /** The clock the store under test reads; the tests move it. Set before each test. */
    protected SettableClock clock;
    /** The store under test, from {@link #createStore(Clock)}. Set before each test. */
    protected ChunkStore store;

    /** A new, empty store that reads time from {@code clock}. */
    protected abstract ChunkStore createStore(Clock clock) throws Exception;

    /** Releases the store's resources; override if it has any. */
    protected void closeStore(ChunkStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void createStoreForTest() throws Exception {
        clock = new SettableClock();
        store = createStore(clock);
    }

    @AfterEach
    void closeStoreAfterTest() throws Exception {
        closeStore(store);
    }

    private ExplorationSpec create(long total, long chunkSize) {
        ExplorationSpec spec = ExplorationSpec.of(NAME, total, chunkSize);
        assertTrue(store.createExploration(spec), "a new exploration is created");
        return spec;
    }

    private Lease claim(String worker) {
        return store.claim(NAME, worker, LEASE).orElseThrow(() -> new AssertionError("expected a chunk to claim"));
    }

    private Chunk chunk(LeaseToken token) {
        return store.chunk(token.chunkId()).orElseThrow();
    }

    private ChunkCounts counts() {
        return store.snapshot(NAME).counts();
    }

    // --- creating ---------------------------------------------------------------------------------------------------

    @Test
    void createsPendingChunksThatCoverEveryCombinationOnce() {
        create(4096, 1366);
        List<Chunk> chunks = StoredChunks.of(store, NAME);
        assertEquals(3, chunks.size());
        long next = 0;
        for (Chunk chunk : chunks) {
            assertEquals(ChunkStatus.PENDING, chunk.status());
            assertEquals(next, chunk.first());
            assertEquals(0, chunk.attempt());
            assertEquals(0, chunk.failures());
            next += chunk.count();
        }
        assertEquals(4096, next);
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), counts());
        assertEquals(DesiredState.RUNNING, store.desiredState(NAME));
        assertEquals(Optional.of(ExplorationSpec.of(NAME, 4096, 1366)), store.exploration(NAME));
    }

    @Test
    void statusCountsEqualTheRowsAfterEveryKindOfTransition() {
        assertTrue(store.createExploration(new ExplorationSpec(NAME, 20, 1, 1)));
        assertCountsMatchRows("created");
        Lease a = claim("w1");
        Lease b = claim("w1");
        Lease c = claim("w2");
        Lease d = claim("w2");
        Lease e = claim("w3");
        assertEquals(LeaseResult.APPLIED, store.complete(a.token(), "{}"));
        assertTrue(store.completeAndClaim(b.token(), "{}", NAME, LEASE).next().isPresent());
        assertEquals(LeaseResult.APPLIED, store.fail(c.token(), "boom"));
        assertEquals(LeaseResult.APPLIED, store.release(d.token()));
        assertEquals(LeaseResult.APPLIED, store.renew(e.token(), 1, LEASE));
        assertEquals(LeaseResult.STALE, store.complete(c.token(), "{}"));
        assertEquals(4, store.claimBatch(NAME, "w4", 4, LEASE).size());
        assertCountsMatchRows("after claims, completions, a failure, a release and a renewal");
        clock.advance(LEASE.plusSeconds(1));
        assertEquals(new ExpiryResult(0, 6), store.resetExpiredLeases(NAME));
        assertCountsMatchRows("after expiry");
        assertEquals(7, store.retryFailed(NAME));
        assertCountsMatchRows("after the retry");
        store.claimBatch(NAME, "w5", 3, LEASE);
        assertEquals(3, store.resetRunning(NAME, DesiredState.STOPPED).reset());
        assertCountsMatchRows("after Stop");
        store.setDesiredState(NAME, DesiredState.RUNNING);
        store.claim(NAME, "w6", LEASE);
        assertEquals(1, store.resetOrphaned(NAME).reset());
        assertCountsMatchRows("after the orphans' reset");
    }

    @Test
    void forEachChunkHandsOverTheChunksOfOneStatusInIndexOrderAcrossPages() {
        create(2600, 1);
        store.claimBatch(NAME, "w", 1500, LEASE);
        List<Integer> running = new ArrayList<>();
        store.forEachChunk(NAME, ChunkStatus.RUNNING, chunk -> {
            assertEquals(ChunkStatus.RUNNING, chunk.status());
            running.add(chunk.index());
        });
        assertEquals(1500, running.size());
        for (int i = 0; i < running.size(); i++) {
            assertEquals(i, running.get(i), "index order");
        }
        List<Chunk> pending = new ArrayList<>();
        store.forEachChunk(NAME, ChunkStatus.PENDING, pending::add);
        assertEquals(1100, pending.size());
        assertThrows(ExplorationNotFoundException.class,
                () -> store.forEachChunk("missing", ChunkStatus.PENDING, chunk -> { }));
    }

    @Test
    void forEachChunkHandsOverEveryChunkOnceInIndexOrderWhileTheActionWritesToTheStore() {
        create(2600, 1);
        store.claimBatch(NAME, "w", 700, LEASE);
        List<Chunk> seen = new ArrayList<>();
        store.forEachChunk(NAME, chunk -> {
            seen.add(chunk);
            if (seen.size() == 1) {
                // a write between pages: chunks already handed over and chunks still to come change status
                store.resetRunning(NAME, DesiredState.RUNNING);
                store.claimBatch(NAME, "w2", 2600, LEASE);
            }
        });
        assertEquals(2600, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i).index(), "index order, each chunk once");
        }
        assertEquals("w", seen.get(0).assignedWorker(), "read before the write");
        assertThrows(ExplorationNotFoundException.class, () -> store.forEachChunk("missing", chunk -> { }));
    }

    @Test
    void forEachChunkOfAnEmptyStatusHandsOverNothing() {
        create(10, 1);
        List<Chunk> failed = new ArrayList<>();
        store.forEachChunk(NAME, ChunkStatus.FAILED, failed::add);
        assertEquals(List.of(), failed);
    }

    /** The snapshot's counts are those of the chunks themselves. */
    private void assertCountsMatchRows(String when) {
        long[] byStatus = new long[ChunkStatus.values().length];
        for (Chunk chunk : StoredChunks.of(store, NAME)) {
            byStatus[chunk.status().ordinal()]++;
        }
        assertEquals(ChunkCounts.of(byStatus[ChunkStatus.PENDING.ordinal()], byStatus[ChunkStatus.RUNNING.ordinal()],
                byStatus[ChunkStatus.COMPLETED.ordinal()], byStatus[ChunkStatus.FAILED.ordinal()]), counts(), when);
    }

    @Test
    void creatingTheSameExplorationAgainChangesNothing() {
        create(100, 10);
        claim("w1");
        assertFalse(store.createExploration(ExplorationSpec.of(NAME, 100, 10)));
        assertEquals(new ChunkCounts(10, 9, 1, 0, 0), counts());
    }

    @Test
    void creatingAnExplorationWithAnotherShapeUnderTheSameNameIsRefused() {
        create(100, 10);
        ExplorationConflictException e = assertThrows(ExplorationConflictException.class,
                () -> store.createExploration(ExplorationSpec.of(NAME, 100, 20)));
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        assertEquals(10, counts().total());
    }

    @Test
    void unknownExplorationIsNamedInTheError() {
        ExplorationNotFoundException e = assertThrows(ExplorationNotFoundException.class,
                () -> store.snapshot("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        assertEquals(Optional.empty(), store.exploration("nope"));
    }

    @Test
    void explorationsAreIndependent() {
        create(10, 5);
        store.createExploration(ExplorationSpec.of("other", 30, 10));
        store.resetRunning("other", DesiredState.STOPPED);
        assertTrue(store.claim(NAME, "w1", LEASE).isPresent());
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), store.snapshot("other").counts());
    }

    // --- claiming ---------------------------------------------------------------------------------------------------

    @Test
    void claimLeasesAPendingChunkUnderTheNextAttempt() {
        create(100, 10);
        Lease lease = claim("w1");
        assertEquals(1, lease.token().attempt());
        assertEquals("w1", lease.token().worker());
        assertEquals(clock.instant().plus(LEASE), lease.expiresAt());
        Chunk chunk = chunk(lease.token());
        assertEquals(ChunkStatus.RUNNING, chunk.status());
        assertEquals("w1", chunk.assignedWorker());
        assertEquals(clock.instant(), chunk.startedAt());
        assertEquals(lease.range(), chunk.range());
    }

    @Test
    void claimReturnsNothingWhenNoChunkIsPending() {
        create(20, 10);
        claim("w1");
        claim("w1");
        assertEquals(Optional.empty(), store.claim(NAME, "w1", LEASE));
    }

    @Test
    void claimsAreRefusedWhileTheExplorationIsStopped() {
        create(20, 10);
        store.setDesiredState(NAME, DesiredState.STOPPED);
        assertEquals(Optional.empty(), store.claim(NAME, "w1", LEASE));
        assertEquals(List.of(), store.claimBatch(NAME, "w1", 5, LEASE));
        assertEquals(2, counts().pending());
        store.setDesiredState(NAME, DesiredState.RUNNING);
        assertTrue(store.claim(NAME, "w1", LEASE).isPresent());
    }

    @Test
    void batchClaimTakesUpToTheLimitInOneStep() {
        create(50, 10);
        List<Lease> first = store.claimBatch(NAME, "w1", 3, LEASE);
        assertEquals(3, first.size());
        assertEquals(3, first.stream().map(l -> l.token().chunkId()).distinct().count());
        List<Lease> rest = store.claimBatch(NAME, "w2", 16, LEASE);
        assertEquals(2, rest.size());
        assertEquals(List.of(), store.claimBatch(NAME, "w3", 16, LEASE));
        assertEquals(new ChunkCounts(5, 0, 5, 0, 0), counts());
    }

    @Test
    void concurrentClaimersNeverGetTheSameChunk() throws Exception {
        int chunks = 400;
        int threads = 8;
        create(chunks, 1);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String worker = "w" + t;
                boolean batch = t % 2 == 0;
                futures.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        List<Lease> leases = batch ? store.claimBatch(NAME, worker, 3, LEASE)
                                : store.claim(NAME, worker, LEASE).map(List::of).orElse(List.of());
                        if (leases.isEmpty()) {
                            return null;
                        }
                        for (Lease lease : leases) {
                            claimed.add(lease.token().chunkId());
                            assertEquals(LeaseResult.APPLIED, store.complete(lease.token(), "r"));
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(chunks, claimed.size(), "every chunk claimed once");
        assertEquals(chunks, new HashSet<>(claimed).size(), "no chunk claimed twice");
        assertEquals(new ChunkCounts(chunks, 0, 0, chunks, 0), counts());
    }

    // --- renew, complete, fail, release -----------------------------------------------------------------------------

    @Test
    void renewExtendsTheLeaseAndRecordsTested() {
        create(100, 10);
        Lease lease = claim("w1");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(LeaseResult.APPLIED, store.renew(lease.token(), 4, LEASE));
        Chunk chunk = chunk(lease.token());
        assertEquals(clock.instant().plus(LEASE), chunk.leaseExpiresAt());
        assertEquals(4, chunk.tested());
        assertEquals(4, store.snapshot(NAME).testedCombinations());
    }

    @Test
    void completeRecordsTheResultOnce() {
        create(100, 10);
        Lease lease = claim("w1");
        assertEquals(LeaseResult.APPLIED, store.complete(lease.token(), "{\"best\":1}"));
        assertEquals(LeaseResult.STALE, store.complete(lease.token(), "{\"best\":2}"));
        Chunk chunk = chunk(lease.token());
        assertEquals(ChunkStatus.COMPLETED, chunk.status());
        assertEquals("{\"best\":1}", chunk.result());
        assertEquals(10, chunk.tested());
        assertEquals(clock.instant(), chunk.finishedAt());
        assertEquals(10, store.snapshot(NAME).testedCombinations());
    }

    // --- complete and claim in one step -----------------------------------------------------------------------------

    @Test
    void completeAndClaimRecordsTheResultAndClaimsTheNextChunk() {
        create(30, 10);
        Lease first = claim("w1");
        clock.advance(Duration.ofSeconds(5));

        CompletionAndClaim outcome = store.completeAndClaim(first.token(), "{\"best\":1}", NAME, LEASE);

        assertEquals(LeaseResult.APPLIED, outcome.completion());
        Chunk done = chunk(first.token());
        assertEquals(ChunkStatus.COMPLETED, done.status());
        assertEquals("{\"best\":1}", done.result());
        assertEquals(clock.instant(), done.finishedAt());
        Lease next = outcome.next().orElseThrow(() -> new AssertionError("expected the next chunk to be claimed"));
        assertEquals("w1", next.token().worker());
        assertEquals(1, next.token().attempt());
        assertEquals(clock.instant().plus(LEASE), next.expiresAt());
        Chunk claimed = chunk(next.token());
        assertEquals(ChunkStatus.RUNNING, claimed.status());
        assertEquals("w1", claimed.assignedWorker());
        assertEquals(next.range(), claimed.range());
        assertEquals(1, next.range().index(), "the next chunk in index order");
        assertEquals(new ChunkCounts(3, 1, 1, 1, 0), counts());
    }

    @Test
    void completeAndClaimWithAStaleTokenChangesNothingOfThatChunkAndStillClaims() {
        create(20, 10);
        Lease old = claim("w1");
        store.resetOrphaned(NAME);
        Lease fresh = claim("w2");
        assertEquals(old.token().chunkId(), fresh.token().chunkId());
        Chunk before = chunk(old.token());

        CompletionAndClaim outcome = store.completeAndClaim(old.token(), "late", NAME, LEASE);

        assertEquals(LeaseResult.STALE, outcome.completion());
        assertEquals(before, chunk(old.token()));
        Lease next = outcome.next().orElseThrow(() -> new AssertionError("a stale completion does not stop a claim"));
        assertTrue(next.token().chunkId() != old.token().chunkId(), "another chunk than the stale one");
        assertEquals("w1", chunk(next.token()).assignedWorker());
        assertEquals(new ChunkCounts(2, 0, 2, 0, 0), counts());
    }

    @Test
    void completeAndClaimRecordsTheResultButClaimsNothingWhileTheExplorationIsStopped() {
        create(20, 10);
        Lease lease = claim("w1");
        store.setDesiredState(NAME, DesiredState.STOPPED);

        CompletionAndClaim outcome = store.completeAndClaim(lease.token(), "r", NAME, LEASE);

        assertEquals(LeaseResult.APPLIED, outcome.completion());
        assertEquals(Optional.empty(), outcome.next());
        assertEquals("r", chunk(lease.token()).result());
        assertEquals(new ChunkCounts(2, 1, 0, 1, 0), counts());
    }

    @Test
    void completeAndClaimWithNothingPendingOnlyCompletes() {
        create(10, 10);
        Lease lease = claim("w1");

        CompletionAndClaim outcome = store.completeAndClaim(lease.token(), "r", NAME, LEASE);

        assertEquals(LeaseResult.APPLIED, outcome.completion());
        assertEquals(Optional.empty(), outcome.next());
        assertEquals(new ChunkCounts(1, 0, 0, 1, 0), counts());
        assertEquals(LeaseResult.STALE, store.completeAndClaim(lease.token(), "again", NAME, LEASE).completion());
        assertEquals("r", chunk(lease.token()).result());
    }

    // --- several completions in one step ----------------------------------------------------------------------------

    @Test
    void completeAllRecordsEveryResultAndAnswersInTheOrderGiven() {
        create(30, 10);
        List<Lease> leases = store.claimBatch(NAME, "w1", 3, LEASE);
        clock.advance(Duration.ofSeconds(5));

        List<LeaseResult> outcomes = store.completeAll(List.of(new Completion(leases.get(2).token(), "r2"),
                new Completion(leases.get(0).token(), "r0"), new Completion(leases.get(1).token(), "r1")));

        assertEquals(List.of(LeaseResult.APPLIED, LeaseResult.APPLIED, LeaseResult.APPLIED), outcomes);
        for (Lease lease : leases) {
            Chunk done = chunk(lease.token());
            assertEquals(ChunkStatus.COMPLETED, done.status());
            assertEquals("r" + lease.range().index(), done.result());
            assertEquals(clock.instant(), done.finishedAt());
        }
        assertEquals(new ChunkCounts(3, 0, 0, 3, 0), counts());
        assertEquals(List.of(), store.completeAll(List.of()));
    }

    @Test
    void completeAllRefusesEachStaleOrLateCompletionAloneAndRecordsTheOthers() {
        create(40, 10);
        List<Lease> leases = store.claimBatch(NAME, "w1", 4, LEASE);
        LeaseToken reclaimed = leases.get(0).token();
        assertEquals(LeaseResult.APPLIED, store.release(reclaimed));
        Lease other = claim("w2");
        assertEquals(reclaimed.chunkId(), other.token().chunkId());
        Chunk reclaimedBefore = chunk(reclaimed);
        LeaseToken alreadyDone = leases.get(1).token();
        assertEquals(LeaseResult.APPLIED, store.complete(alreadyDone, "first"));
        LeaseToken otherWorker = new LeaseToken(leases.get(2).token().chunkId(), 1, "w9");

        List<LeaseResult> outcomes = store.completeAll(List.of(new Completion(reclaimed, "late"),
                new Completion(alreadyDone, "twice"), new Completion(otherWorker, "not mine"),
                new Completion(leases.get(3).token(), "r3"), new Completion(leases.get(3).token(), "r3 again")));

        assertEquals(List.of(LeaseResult.STALE, LeaseResult.STALE, LeaseResult.STALE, LeaseResult.APPLIED,
                LeaseResult.STALE), outcomes);
        assertEquals(reclaimedBefore, chunk(reclaimed), "the chunk another worker claimed again is untouched");
        assertEquals("first", chunk(alreadyDone).result(), "a result is written once");
        assertEquals(ChunkStatus.RUNNING, chunk(leases.get(2).token()).status());
        assertEquals("r3", chunk(leases.get(3).token()).result());
        assertEquals(new ChunkCounts(4, 0, 2, 2, 0), counts());
    }

    @Test
    void completeAllAfterAStopRefusesEveryCompletion() {
        create(20, 10);
        List<Lease> leases = store.claimBatch(NAME, "w1", 2, LEASE);
        store.resetRunning(NAME, DesiredState.STOPPED);

        List<LeaseResult> outcomes = store.completeAll(leases.stream().map(l -> new Completion(l.token(), "r"))
                .toList());

        assertEquals(List.of(LeaseResult.STALE, LeaseResult.STALE), outcomes);
        assertEquals(new ChunkCounts(2, 2, 0, 0, 0), counts());
    }

    @Test
    void failRequeuesUntilMaxFailuresThenMarksFailed() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(2));
        Lease first = claim("w1");
        assertEquals(LeaseResult.APPLIED, store.fail(first.token(), "boom 1"));
        Chunk afterFirst = chunk(first.token());
        assertEquals(ChunkStatus.PENDING, afterFirst.status());
        assertEquals(1, afterFirst.failures());
        assertEquals("boom 1", afterFirst.lastError());
        assertNull(afterFirst.assignedWorker());

        Lease second = claim("w2");
        assertEquals(2, second.token().attempt());
        assertEquals(LeaseResult.APPLIED, store.fail(second.token(), "boom 2"));
        Chunk afterSecond = chunk(second.token());
        assertEquals(ChunkStatus.FAILED, afterSecond.status());
        assertEquals(2, afterSecond.failures());
        assertEquals(new ChunkCounts(1, 0, 0, 0, 1), counts());
        assertEquals(Optional.empty(), store.claim(NAME, "w3", LEASE));
    }

    @Test
    void retryBringsFailedChunksBackWithFreshTries() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(1));
        Lease lease = claim("w1");
        store.fail(lease.token(), "boom");
        assertEquals(1, store.retryFailed(NAME));
        Chunk chunk = chunk(lease.token());
        assertEquals(ChunkStatus.PENDING, chunk.status());
        assertEquals(0, chunk.failures());
        assertEquals(0, store.retryFailed(NAME));
    }

    @Test
    void releaseGivesTheChunkBackWithoutAFailure() {
        create(100, 10);
        Lease lease = claim("w1");
        assertEquals(LeaseResult.APPLIED, store.release(lease.token()));
        Chunk chunk = chunk(lease.token());
        assertEquals(ChunkStatus.PENDING, chunk.status());
        assertEquals(0, chunk.failures());
        assertEquals(1, chunk.attempt());
        assertNull(chunk.assignedWorker());
        assertNull(chunk.leaseExpiresAt());
    }

    // --- a chunk back to pending is next in line -----------------------------------------------------------------------

    /** Claims the first three chunks, puts the first back to pending with {@code requeue}, and claims again. */
    private void assertTheChunkBackToPendingIsClaimedNext(String way, int maxFailures, Consumer<Lease> requeue) {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10).withMaxFailures(maxFailures));
        Lease first = claim("w1");
        claim("w1");
        claim("w1");
        requeue.accept(first);
        assertEquals(ChunkStatus.PENDING, chunk(first.token()).status(), way);
        assertEquals(0, claim("w2").range().index(), "after " + way + ", the chunk back to pending is claimed next");
    }

    @Test
    void aChunkThatFailedIsClaimedBeforeTheChunksAfterIt() {
        assertTheChunkBackToPendingIsClaimedNext("a failure", 2, lease -> store.fail(lease.token(), "boom"));
    }

    @Test
    void aReleasedChunkIsClaimedBeforeTheChunksAfterIt() {
        assertTheChunkBackToPendingIsClaimedNext("a release", 1, lease -> store.release(lease.token()));
    }

    @Test
    void aRetriedChunkIsClaimedBeforeTheChunksAfterIt() {
        assertTheChunkBackToPendingIsClaimedNext("a retry", 1, lease -> {
            store.fail(lease.token(), "boom");
            store.retryFailed(NAME);
        });
    }

    @Test
    void aChunkWhoseLeaseExpiredIsClaimedBeforeTheChunksAfterIt() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10).withMaxFailures(2));
        claim("w1");
        clock.advance(Duration.ofSeconds(20));
        claim("w1");
        claim("w1");
        clock.advance(Duration.ofSeconds(15));
        assertEquals(new ExpiryResult(1, 0), store.resetExpiredLeases(NAME));
        assertEquals(0, claim("w2").range().index(), "the chunk whose lease expired is claimed next");
    }

    @Test
    void aChunkResetByStartOrStopIsClaimedBeforeTheChunksAfterIt() {
        assertTheChunkBackToPendingIsClaimedNext("a reset", 1, lease -> store.resetRunning(NAME, DesiredState.RUNNING));
    }

    @Test
    void anOrphanedChunkIsClaimedBeforeTheChunksAfterIt() {
        assertTheChunkBackToPendingIsClaimedNext("an orphan reset", 1, lease -> store.resetOrphaned(NAME));
    }

    // --- stale tokens change nothing ----------------------------------------------------------------------------------

    private void assertStaleTokenChangesNothing(LeaseToken stale) {
        Chunk before = chunk(stale);
        assertEquals(LeaseResult.STALE, store.renew(stale, 5, LEASE));
        assertEquals(LeaseResult.STALE, store.complete(stale, "late"));
        assertEquals(LeaseResult.STALE, store.fail(stale, "late"));
        assertEquals(LeaseResult.STALE, store.release(stale));
        assertEquals(before, chunk(stale));
    }

    @Test
    void staleTokenAfterResetChangesNothing() {
        create(100, 10);
        Lease lease = claim("w1");
        store.resetRunning(NAME, DesiredState.STOPPED);
        assertStaleTokenChangesNothing(lease.token());
    }

    @Test
    void staleTokenAfterLeaseExpiryChangesNothing() {
        create(100, 10);
        Lease lease = claim("w1");
        clock.advance(LEASE.plusSeconds(1));
        assertEquals(new ExpiryResult(1, 0), store.resetExpiredLeases(NAME));
        assertStaleTokenChangesNothing(lease.token());
    }

    @Test
    void staleTokenAfterAReclaimChangesNothingAndTheNewHolderProceeds() {
        create(10, 10);
        Lease old = claim("w1");
        store.resetOrphaned(NAME);
        Lease fresh = claim("w1");
        assertEquals(old.token().chunkId(), fresh.token().chunkId());
        assertEquals(2, fresh.token().attempt());
        assertStaleTokenChangesNothing(old.token());
        assertEquals(LeaseResult.APPLIED, store.complete(fresh.token(), "ok"));
        assertEquals("ok", chunk(fresh.token()).result());
    }

    @Test
    void tokenOfAnotherWorkerChangesNothing() {
        create(10, 10);
        Lease lease = claim("w1");
        LeaseToken impostor = new LeaseToken(lease.token().chunkId(), lease.token().attempt(), "w2");
        assertStaleTokenChangesNothing(impostor);
        assertEquals(LeaseResult.APPLIED, store.renew(lease.token(), 1, LEASE));
    }

    // --- reset and expiry -------------------------------------------------------------------------------------------

    @Test
    void resetRunningSetsTheDesiredStateAndResetsEveryRunningChunk() {
        create(50, 10);
        Lease a = claim("w1");
        claim("w2");
        Lease c = claim("w3");
        store.complete(c.token(), "done");
        store.fail(a.token(), "once");
        claim("w1");

        ResetResult result = store.resetRunning(NAME, DesiredState.STOPPED);

        assertEquals(2, result.reset());
        assertEquals(4, result.pendingAfter());
        assertEquals(DesiredState.STOPPED, store.desiredState(NAME));
        assertEquals(new ChunkCounts(5, 4, 0, 1, 0), counts());
        Chunk reset = chunk(a.token());
        assertEquals(1, reset.failures(), "a reset does not count as a failure");
        assertEquals(2, reset.attempt(), "a reset keeps the attempt");
        assertNull(reset.assignedWorker());
        assertNull(reset.startedAt());
        assertNull(reset.leaseExpiresAt());
        assertEquals("done", chunk(c.token()).result());
    }

    @Test
    void resetIsIdempotent() {
        create(30, 10);
        claim("w1");
        claim("w2");
        assertEquals(new ResetResult(2, 3), store.resetRunning(NAME, DesiredState.STOPPED));
        assertEquals(new ResetResult(0, 3), store.resetRunning(NAME, DesiredState.STOPPED));
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), counts());
    }

    @Test
    void resetOrphanedKeepsTheDesiredState() {
        create(30, 10);
        claim("w1");
        assertEquals(new ResetResult(1, 3), store.resetOrphaned(NAME));
        assertEquals(DesiredState.RUNNING, store.desiredState(NAME));
    }

    @Test
    void completedChunksAreNeverTouchedByResetOrHealthCheck() {
        create(20, 10);
        Lease lease = claim("w1");
        store.complete(lease.token(), "kept");
        Chunk completed = chunk(lease.token());
        clock.advance(Duration.ofDays(1));
        store.resetRunning(NAME, DesiredState.STOPPED);
        store.resetOrphaned(NAME);
        store.resetExpiredLeases(NAME);
        store.retryFailed(NAME);
        assertEquals(completed, chunk(lease.token()));
    }

    @Test
    void onlyExpiredLeasesAreReapedAndEachCountsAsAFailure() {
        create(30, 10);
        Lease early = claim("w1");
        clock.advance(Duration.ofSeconds(20));
        Lease late = claim("w2");
        clock.advance(Duration.ofSeconds(15));

        ExplorationSnapshot snapshot = store.snapshot(NAME);
        assertEquals(1, snapshot.expiredLeases());
        assertEquals(new ExpiryResult(1, 0), store.resetExpiredLeases(NAME));

        Chunk reaped = chunk(early.token());
        assertEquals(ChunkStatus.PENDING, reaped.status());
        assertEquals(1, reaped.failures());
        assertTrue(reaped.lastError() != null && !reaped.lastError().isBlank(), "expiry is recorded as the last error");
        assertEquals(ChunkStatus.RUNNING, chunk(late.token()).status());
        assertEquals(new ExpiryResult(0, 0), store.resetExpiredLeases(NAME));
    }

    @Test
    void aChunkWhoseLeaseExpiresEveryTimeEndsFailed() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(3));
        for (int attempt = 1; attempt <= 3; attempt++) {
            Lease lease = claim("w" + attempt);
            assertEquals(attempt, lease.token().attempt());
            clock.advance(LEASE);
            ExpiryResult expected = attempt < 3 ? new ExpiryResult(1, 0) : new ExpiryResult(0, 1);
            assertEquals(expected, store.resetExpiredLeases(NAME));
        }
        assertEquals(new ChunkCounts(1, 0, 0, 0, 1), counts());
    }

    @Test
    void renewKeepsALeaseAliveAcrossExpiryChecks() {
        create(10, 10);
        Lease lease = claim("w1");
        for (int i = 0; i < 5; i++) {
            clock.advance(LEASE.dividedBy(3));
            assertEquals(LeaseResult.APPLIED, store.renew(lease.token(), i, LEASE));
            assertEquals(new ExpiryResult(0, 0), store.resetExpiredLeases(NAME));
        }
        assertEquals(ChunkStatus.RUNNING, chunk(lease.token()).status());
    }

    // --- counts and progress ----------------------------------------------------------------------------------------

    @Test
    void snapshotCountsEveryStatusAndProgress() {
        store.createExploration(ExplorationSpec.of(NAME, 95, 10).withMaxFailures(1));
        Lease done = claim("w1");
        Lease failing = claim("w1");
        Lease running = claim("w2");
        store.complete(done.token(), "r");
        store.fail(failing.token(), "boom");
        store.renew(running.token(), 7, LEASE);

        ExplorationSnapshot snapshot = store.snapshot(NAME);
        assertEquals(new ChunkCounts(10, 7, 1, 1, 1), snapshot.counts());
        assertEquals(17, snapshot.testedCombinations(), "10 completed + 7 reported by the running chunk");
        assertEquals(95, snapshot.progress().total());
        assertEquals(0, snapshot.expiredLeases());
        assertEquals(DesiredState.RUNNING, snapshot.desired());
    }

    @Test
    void lastChunkMayBeSmallerAndCompletesToTheExactTotal() {
        create(95, 10);
        Set<Long> seen = new HashSet<>();
        Optional<Lease> lease;
        while ((lease = store.claim(NAME, "w1", LEASE)).isPresent()) {
            seen.add(lease.get().token().chunkId());
            store.complete(lease.get().token(), "r");
        }
        assertEquals(10, seen.size());
        assertEquals(95, store.snapshot(NAME).testedCombinations());
        assertEquals(5, StoredChunks.of(store, NAME).get(9).count());
    }

    @Test
    void desiredStateCanBeReadAndSet() {
        create(10, 10);
        store.setDesiredState(NAME, DesiredState.STOPPED);
        assertEquals(DesiredState.STOPPED, store.desiredState(NAME));
        assertEquals(DesiredState.STOPPED, store.snapshot(NAME).desired());
        store.setDesiredState(NAME, DesiredState.RUNNING);
        assertEquals(DesiredState.RUNNING, store.desiredState(NAME));
    }
}
