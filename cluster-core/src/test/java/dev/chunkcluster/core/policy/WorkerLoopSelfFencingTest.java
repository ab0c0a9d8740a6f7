package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.policy.WorkerSummary.ExitReason;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.ManualHeartbeats;
import dev.chunkcluster.testkit.ManualTicker;
import dev.chunkcluster.testkit.SettableClock;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that cannot reach its store fences itself by its own clock: it abandons its chunk once the lease has run
 * out since the last renewal the store accepted, never writes a result for it afterwards, retries with growing pauses,
 * and claims afresh when the store is back. The store's side (expiry, another claim) runs on the fake directly.
 */
class WorkerLoopSelfFencingTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final ManualHeartbeats heartbeats = new ManualHeartbeats();
    private final ManualHeartbeats watchdog = new ManualHeartbeats();
    private final ManualTicker ticker = new ManualTicker();
    private final AtomicBoolean down = new AtomicBoolean();
    /** Every completion the store accepted a call for (it was reachable), as "token=result". */
    private final List<String> completionCalls = Collections.synchronizedList(new ArrayList<>());
    private final List<ChunkClusterEvent.ChunkAbandoned> abandoned = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    /** The fake as the worker sees it: every call throws while {@link #down} is set. */
    private ChunkStore unreliable() {
        return seenByTheWorker(method -> {
            if (down.get()) {
                throw new StoreUnavailableException("cannot reach the store (down in this test)");
            }
        });
    }

    /** What happens before a call reaches the fake: it may throw or block. */
    private interface BeforeCall {
        void before(String method) throws Exception;
    }

    /** The fake behind {@code before}, recording every completion call that reaches it. */
    private ChunkStore seenByTheWorker(BeforeCall before) {
        return (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(), new Class<?>[]{ChunkStore.class},
                (proxy, method, args) -> {
                    before.before(method.getName());
                    if (method.getName().startsWith("complete")) {
                        completionCalls.add(args[0] + "=" + args[1]);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private WorkerLoop loop(ChunkHandler handler) {
        return loop(unreliable(), handler);
    }

    private WorkerLoop loop(ChunkStore worker, ChunkHandler handler) {
        return WorkerLoop.builder(worker, NAME, "w1", handler).lease(LEASE).heartbeats(heartbeats).watchdog(watchdog)
                .ticker(ticker).listener(new ChunkClusterListener() {
                    @Override
                    public void onChunkAbandoned(ChunkClusterEvent.ChunkAbandoned event) {
                        abandoned.add(event);
                    }
                }).build();
    }

    private Chunk onlyChunk() {
        return StoredChunks.of(store, NAME).get(0);
    }

    /** The store's side while the worker cannot reach it: the lease expires by the store's clock and is reaped. */
    private void storeReapsTheExpiredLease() {
        clock.advance(LEASE.plusSeconds(1));
        assertEquals(1, store.resetExpiredLeases(NAME).requeued());
    }

    @Test
    void failedRenewalsUntilTheLeaseRanOutByTheWorkersClockAbandonTheChunkAndTheWorkerClaimsAfresh()
            throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        WorkerLoop loop = loop(work -> {
            if (calls.incrementAndGet() > 1) {
                return "fresh";
            }
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return "late";
        });
        Future<WorkerSummary> run = executor.submit(loop::run);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        down.set(true);
        ticker.advance(LEASE.dividedBy(3));
        heartbeats.beat();
        ticker.advance(LEASE.dividedBy(3));
        heartbeats.beat();
        assertFalse(interrupted.get(), "two thirds of the lease left by the worker's clock: it keeps the chunk");
        ticker.advance(LEASE.dividedBy(3));
        heartbeats.beat();

        ticker.awaitPausing(1, WAIT);
        assertTrue(interrupted.get(), "the lease ran out by the worker's clock: the handler was interrupted");
        assertEquals(1, abandoned.size());
        assertTrue(abandoned.get(0).reason().contains("own clock"), abandoned.get(0).reason());
        storeReapsTheExpiredLease();
        down.set(false);
        ticker.advance(ticker.pauses().get(0));

        assertEquals(new WorkerSummary(1, 0, 1, ExitReason.DRAINED), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        Chunk chunk = onlyChunk();
        assertEquals(ChunkStatus.COMPLETED, chunk.status());
        assertEquals("fresh", chunk.result());
        assertEquals(2, chunk.attempt(), "claimed afresh");
        assertEquals(List.of(new LeaseToken(chunk.id(), 2, "w1") + "=fresh"), completionCalls);
    }

    @Test
    void aRenewalThatHangsDoesNotDelayTheFenceTheWatchAbandonsTheChunkByTheWorkersClock() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        CountDownLatch renewalEntered = new CountDownLatch(1);
        CountDownLatch partitionEnds = new CountDownLatch(1);
        ChunkStore hangingRenewals = seenByTheWorker(method -> {
            if (method.equals("renew")) {
                renewalEntered.countDown();
                partitionEnds.await();
                throw new StoreUnavailableException("the connection was cut (in this test)");
            }
        });
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch interruptedNow = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        WorkerLoop loop = loop(hangingRenewals, work -> {
            if (calls.incrementAndGet() > 1) {
                return "fresh";
            }
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                interruptedNow.countDown();
                throw e;
            }
            return "late";
        });
        Future<WorkerSummary> run = executor.submit(loop::run);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        ExecutorService renewer = Executors.newSingleThreadExecutor();
        try {
            renewer.submit(heartbeats::beat);
            assertTrue(renewalEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the renewal call hangs");

            ticker.advance(LEASE.minusMillis(1));
            assertEquals(1, watchdog.beat());
            assertFalse(interrupted.get(), "within its lease by its own clock: it keeps the chunk");
            storeReapsTheExpiredLease();
            ticker.advance(Duration.ofMillis(1));
            assertEquals(1, watchdog.beat());

            assertTrue(interruptedNow.await(WAIT.toSeconds(), TimeUnit.SECONDS),
                    "the lease ran out with the renewal still hanging: the handler was interrupted");
            // The abandon event is published by the watch's thread after the interrupt.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (abandoned.isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals(1, abandoned.size());
            assertTrue(abandoned.get(0).reason().contains("own clock"), abandoned.get(0).reason());
            partitionEnds.countDown();

            assertEquals(new WorkerSummary(1, 0, 1, ExitReason.DRAINED), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            Chunk chunk = onlyChunk();
            assertEquals("fresh", chunk.result());
            assertEquals(List.of(new LeaseToken(chunk.id(), 2, "w1") + "=fresh"), completionCalls,
                    "no write for the fenced attempt, the chunk claimed afresh");
        } finally {
            partitionEnds.countDown();
            renewer.shutdownNow();
        }
    }

    @Test
    void aResultTheStoreCouldNotTakeIsTriedAgainAndRecordedOnceWhileTheLeaseLasts() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        WorkerLoop loop = loop(work -> {
            down.set(true);
            return "r";
        });
        Future<WorkerSummary> run = executor.submit(loop::run);

        ticker.awaitPausing(1, WAIT);
        assertEquals(ChunkStatus.RUNNING, onlyChunk().status());
        down.set(false);
        ticker.advance(ticker.pauses().get(0));

        assertEquals(new WorkerSummary(1, 0, 0, ExitReason.DRAINED), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("r", onlyChunk().result());
        assertEquals(1, completionCalls.size(), "the result reached the store once");
        assertEquals(List.of(Duration.ofMillis(100)), ticker.pauses());
    }

    @Test
    void aResultNotWrittenBeforeTheLeaseRanOutByTheWorkersClockIsNeverWritten() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        AtomicInteger calls = new AtomicInteger();
        WorkerLoop loop = loop(work -> {
            if (calls.incrementAndGet() == 1) {
                down.set(true);
                return "stale";
            }
            return "fresh";
        });
        Future<WorkerSummary> run = executor.submit(loop::run);

        Duration waited = Duration.ZERO;
        int pauses = 0;
        while (waited.compareTo(LEASE) < 0) {
            ticker.awaitPausing(++pauses, WAIT);
            Duration pause = ticker.pauses().get(pauses - 1);
            waited = waited.plus(pause);
            ticker.advance(pause);
        }
        ticker.awaitPausing(++pauses, WAIT);
        assertEquals(1, abandoned.size(), "the worker gave the chunk up when its lease ran out by its clock");
        storeReapsTheExpiredLease();
        down.set(false);
        ticker.advance(ticker.pauses().get(pauses - 1));

        assertEquals(new WorkerSummary(1, 0, 1, ExitReason.DRAINED), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        Chunk chunk = onlyChunk();
        assertEquals("fresh", chunk.result());
        assertEquals(2, chunk.attempt());
        assertEquals(List.of(new LeaseToken(chunk.id(), 2, "w1") + "=fresh"), completionCalls,
                "the first attempt's result never reached the store");
    }

    @Test
    void aStoreThatStaysUnreachableIsTriedAgainWithGrowingPausesUntilShutdown() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        down.set(true);
        WorkerLoop loop = loop(work -> "r");
        Future<WorkerSummary> run = executor.submit(loop::run);

        for (int pause = 1; pause <= 8; pause++) {
            ticker.awaitPausing(pause, WAIT);
            ticker.advance(ticker.pauses().get(pause - 1));
        }
        ticker.awaitPausing(9, WAIT);
        assertTrue(loop.shutdown(WAIT), "a shutdown ends the wait between tries");

        assertEquals(new WorkerSummary(0, 0, 0, ExitReason.SHUTDOWN), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L),
                ticker.pauses().stream().map(Duration::toMillis).toList());
        assertEquals(ChunkStatus.PENDING, onlyChunk().status());
        assertNull(onlyChunk().assignedWorker());
    }
}
