package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.policy.WorkerSummary.ExitReason;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.Completion;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.ManualHeartbeats;
import dev.chunkcluster.testkit.ManualTicker;
import dev.chunkcluster.testkit.SettableClock;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The worker claims ahead while chunks are short, records their results together, and keeps fencing and Stop. */
class WorkerLoopClaimAheadTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final ManualHeartbeats heartbeats = new ManualHeartbeats();
    private final ManualTicker ticker = new ManualTicker();
    private final List<ChunkClusterEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private WorkerLoop loop(ChunkStore on, ChunkHandler handler) {
        ChunkClusterListener listener = new ChunkClusterListener() {
            @Override
            public void onEvent(ChunkClusterEvent event) {
                events.add(event);
            }
        };
        return WorkerLoop.builder(on, NAME, "w1", work -> {
            handled.add(work.range().index());
            return handler.handle(work);
        }).lease(LEASE).heartbeats(heartbeats).ticker(ticker).listener(listener).build();
    }

    /** The store recording each call that claims or writes, as "name:count" (leases claimed asked, results given). */
    private ChunkStore recording(List<String> calls) {
        return (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(), new Class<?>[]{ChunkStore.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "claim", "complete", "completeAndClaim", "release", "fail" ->
                                calls.add(method.getName());
                        case "claimBatch" -> calls.add("claimBatch:" + args[2]);
                        case "completeAll" -> calls.add("completeAll:" + ((List<?>) args[0]).size());
                        default -> { }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Every claimed lease ends in exactly one of completed, failed or abandoned, after its claim. */
    private void assertOneEndPerClaim() {
        Map<LeaseToken, List<String>> byToken = new HashMap<>();
        synchronized (events) {
            for (ChunkClusterEvent event : events) {
                if (event instanceof ChunkClusterEvent.ChunkClaimed e) {
                    byToken.computeIfAbsent(e.token(), t -> new ArrayList<>()).add("claimed");
                } else if (event instanceof ChunkClusterEvent.ChunkCompleted e) {
                    byToken.get(e.token()).add("end");
                } else if (event instanceof ChunkClusterEvent.ChunkFailed e) {
                    byToken.get(e.token()).add("end");
                } else if (event instanceof ChunkClusterEvent.ChunkAbandoned e) {
                    byToken.get(e.token()).add("end");
                }
            }
        }
        byToken.forEach((token, seen) -> assertEquals(List.of("claimed", "end"), seen, token.toString()));
    }

    private long count(Class<? extends ChunkClusterEvent> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).count();
        }
    }

    @Test
    void shortChunksDoubleTheClaimUpToTheMaximumAndTheirResultsAreRecordedTogether() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 1));
        List<String> calls = new ArrayList<>();

        WorkerSummary summary = loop(recording(calls), work -> "r" + work.range().index()).run();

        assertEquals(new WorkerSummary(100, 0, 0, ExitReason.DRAINED), summary);
        assertEquals(List.of("claim", "complete", "claimBatch:2", "completeAll:2", "claimBatch:4", "completeAll:4",
                "claimBatch:8", "completeAll:8", "claimBatch:16", "completeAll:16", "claimBatch:32", "completeAll:32",
                "claimBatch:64", "completeAll:37", "claimBatch:64"), calls);
        for (Chunk chunk : StoredChunks.of(store, NAME)) {
            assertEquals(ChunkStatus.COMPLETED, chunk.status());
            assertEquals("r" + chunk.index(), chunk.result());
            assertEquals(1, chunk.attempt());
        }
        assertEquals(100, count(ChunkClusterEvent.ChunkCompleted.class));
        assertOneEndPerClaim();
    }

    @Test
    void aLongChunkSendsTheWorkerBackToOneAtATimeAndReleasesTheChunksItHeldUnstarted() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 1));
        List<String> calls = new ArrayList<>();
        AtomicBoolean slowOnce = new AtomicBoolean();

        WorkerSummary summary = loop(recording(calls), work -> {
            if (work.range().index() == 4 && slowOnce.compareAndSet(false, true)) {
                ticker.advance(WorkerLoop.SHORT_CHUNK);
            }
            return "r";
        }).run();

        // 0 alone; 1-2; 3-6 where 4 is long: 5 and 6 go back, unstarted; then one at a time, then growing again.
        assertEquals(List.of("claim", "complete", "claimBatch:2", "completeAll:2", "claimBatch:4", "release",
                "release", "completeAll:2", "claim", "complete", "claimBatch:2", "completeAll:2", "claimBatch:4",
                "completeAll:2", "claimBatch:8"), calls);
        assertEquals(new WorkerSummary(10, 0, 2, ExitReason.DRAINED), summary);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), handled);
        for (Chunk chunk : StoredChunks.of(store, NAME)) {
            assertEquals(ChunkStatus.COMPLETED, chunk.status());
            assertEquals(0, chunk.failures(), "a release counts no failure");
        }
        assertEquals(2, StoredChunks.of(store, NAME).get(5).attempt());
        assertOneEndPerClaim();
    }

    @Test
    void eachResultIsRecordedOnceAfterItsBatchRanAndBeforeTheNextClaim() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 3, 1));
        ChunkStore spy = mock(ChunkStore.class, delegatesTo(store));
        ChunkHandler handler = mock(ChunkHandler.class);
        org.mockito.Mockito.when(handler.handle(any())).thenReturn("r");

        WorkerSummary summary = WorkerLoop.builder(spy, NAME, "w1", handler).lease(LEASE).heartbeats(heartbeats)
                .ticker(ticker).build().run();

        assertEquals(new WorkerSummary(3, 0, 0, ExitReason.DRAINED), summary);
        InOrder order = inOrder(spy, handler);
        order.verify(spy).claim(NAME, "w1", LEASE);
        order.verify(handler).handle(argThat(work -> work.range().index() == 0));
        order.verify(spy).complete(argThat(token -> token.chunkId() == 1), eq("r"));
        order.verify(spy).claimBatch(NAME, "w1", 2, LEASE);
        order.verify(handler).handle(argThat(work -> work.range().index() == 1));
        order.verify(handler).handle(argThat(work -> work.range().index() == 2));
        order.verify(spy).completeAll(argThat(list -> list.stream().map(Completion::token).map(LeaseToken::chunkId)
                .toList().equals(List.of(2L, 3L))));
        order.verify(spy).claimBatch(NAME, "w1", 4, LEASE);
        verify(spy, times(1)).complete(any(), any());
        verify(spy, times(1)).completeAll(any());
        verify(spy, never()).completeAndClaim(any(), any(), any(), any());
    }

    /** Grows the claim to two (chunk 0 alone, short), then blocks in chunk 1 while chunk 2 is held. */
    private Future<WorkerSummary> runUntilChunkOneBlocks(WorkerLoop loop, CountDownLatch inChunkOne) throws Exception {
        Future<WorkerSummary> run = executor.submit(loop::run);
        assertTrue(inChunkOne.await(WAIT.toSeconds(), TimeUnit.SECONDS), "chunk 1 started");
        return run;
    }

    private ChunkHandler blockingInChunkOne(CountDownLatch inChunkOne, AtomicBoolean interrupted) {
        return work -> {
            if (work.range().index() == 1) {
                work.reportTested(1);
                inChunkOne.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            }
            return "r";
        };
    }

    @Test
    void heldChunksAreRenewedWithTheOneInHand() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 3, 1));
        CountDownLatch inChunkOne = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        WorkerLoop loop = loop(store, blockingInChunkOne(inChunkOne, interrupted));
        Future<WorkerSummary> run = runUntilChunkOneBlocks(loop, inChunkOne);

        clock.advance(Duration.ofSeconds(20));
        heartbeats.beat();

        List<Chunk> chunks = StoredChunks.of(store, NAME);
        assertEquals(clock.instant().plus(LEASE), chunks.get(1).leaseExpiresAt());
        assertEquals(clock.instant().plus(LEASE), chunks.get(2).leaseExpiresAt(), "the held chunk is renewed too");
        assertEquals(1, chunks.get(1).tested());
        assertTrue(loop.shutdown(WAIT));
        assertEquals(new WorkerSummary(1, 0, 2, ExitReason.SHUTDOWN), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aStopResetsTheHeldChunksAndTheWorkerRunsNoneOfThemAfterTheRefusedRenewal() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 3, 1));
        CountDownLatch inChunkOne = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Future<WorkerSummary> run = runUntilChunkOneBlocks(loop(store, blockingInChunkOne(inChunkOne, interrupted)),
                inChunkOne);

        assertEquals(2, store.resetRunning(NAME, DesiredState.STOPPED).reset());
        heartbeats.beat();

        assertEquals(new WorkerSummary(1, 0, 2, ExitReason.STOPPED), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(interrupted.get(), "the handler in hand was interrupted");
        assertEquals(List.of(0, 1), handled, "the held chunk 2 never ran");
        List<Chunk> chunks = StoredChunks.of(store, NAME);
        assertEquals(ChunkStatus.PENDING, chunks.get(2).status());
        assertNull(chunks.get(1).result());
        assertOneEndPerClaim();
    }

    @Test
    void aStopBeforeTheResultsAreRecordedRefusesEachOfThemAndNothingIsRecorded() {
        store.createExploration(ExplorationSpec.of(NAME, 3, 1));
        List<String> calls = new ArrayList<>();

        WorkerSummary summary = loop(recording(calls), work -> {
            if (work.range().index() == 2) {
                store.resetRunning(NAME, DesiredState.STOPPED);
            }
            return "r";
        }).run();

        assertEquals(new WorkerSummary(1, 0, 2, ExitReason.STOPPED), summary);
        assertEquals(List.of("claim", "complete", "claimBatch:2", "completeAll:2", "claimBatch:4"), calls);
        List<Chunk> chunks = StoredChunks.of(store, NAME);
        assertEquals(ChunkStatus.PENDING, chunks.get(1).status());
        assertEquals(ChunkStatus.PENDING, chunks.get(2).status());
        assertNull(chunks.get(2).result());
        assertEquals(2, count(ChunkClusterEvent.ChunkAbandoned.class));
        assertOneEndPerClaim();
    }

    @Test
    void aShutdownReleasesEveryHeldChunkAndRunsNoneOfThem() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 3, 1));
        CountDownLatch inChunkOne = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        WorkerLoop loop = loop(store, blockingInChunkOne(inChunkOne, interrupted));
        Future<WorkerSummary> run = runUntilChunkOneBlocks(loop, inChunkOne);

        assertTrue(loop.shutdown(WAIT), "the loop ended within the wait");

        assertEquals(new WorkerSummary(1, 0, 2, ExitReason.SHUTDOWN), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(interrupted.get());
        assertEquals(List.of(0, 1), handled);
        List<Chunk> chunks = StoredChunks.of(store, NAME);
        for (int i = 1; i <= 2; i++) {
            assertEquals(ChunkStatus.PENDING, chunks.get(i).status());
            assertEquals(0, chunks.get(i).failures());
        }
        assertOneEndPerClaim();
    }

    @Test
    void aMaximumBelowOneIsRefusedWithItsValue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WorkerLoop.builder(store, NAME, "w1", work -> "r").maxClaimAhead(0).build());
        assertTrue(e.getMessage().contains("maxClaimAhead") && e.getMessage().contains("got 0"), e.getMessage());
    }
}
