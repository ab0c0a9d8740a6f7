package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.WorkerSummary.ExitReason;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.ManualHeartbeats;
import dev.chunkcluster.testkit.SettableClock;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerLoopTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final ManualHeartbeats heartbeats = new ManualHeartbeats();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private WorkerLoop loop(ChunkHandler handler) {
        return WorkerLoop.builder(store, NAME, "w1", handler).lease(LEASE).heartbeats(heartbeats).build();
    }

    private Future<WorkerSummary> runInBackground(WorkerLoop loop) {
        return executor.submit(loop::run);
    }

    /**
     * The store as the loop sees it, recording the name of every claim and completion call; {@code before} runs before
     * each call reaches the store.
     */
    private ChunkStore recording(List<String> calls, java.util.function.Consumer<String> before) {
        return (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(), new Class<?>[]{ChunkStore.class},
                (proxy, method, args) -> {
                    if (RECORDED.contains(method.getName())) {
                        calls.add(method.getName());
                        before.accept(method.getName());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static final Set<String> RECORDED = Set.of("claim", "complete", "completeAndClaim", "fail", "release");

    private Chunk onlyChunk() {
        return StoredChunks.of(store, NAME).get(0);
    }

    /** A handler that reports {@code tested}, signals it started, and waits until released or interrupted. */
    private static final class BlockingHandler implements ChunkHandler {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public String handle(dev.chunkcluster.core.policy.ChunkWork work) throws Exception {
            work.reportTested(7);
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return "done";
        }
    }

    @Test
    void completesEveryChunkThenExitsDrained() {
        store.createExploration(ExplorationSpec.of(NAME, 50, 10));
        WorkerSummary summary = loop(work -> "first=" + work.range().first()).run();

        assertEquals(new WorkerSummary(5, 0, 0, ExitReason.DRAINED), summary);
        List<Chunk> chunks = StoredChunks.of(store, NAME);
        for (Chunk chunk : chunks) {
            assertEquals(ChunkStatus.COMPLETED, chunk.status());
            assertEquals("first=" + chunk.first(), chunk.result());
        }
        assertEquals(50, store.snapshot(NAME).testedCombinations());
    }

    @Test
    void eachResultIsRecordedTogetherWithTheNextClaimInOneStoreCall() {
        store.createExploration(ExplorationSpec.of(NAME, 30, 10));
        List<String> calls = new ArrayList<>();
        WorkerLoop loop = WorkerLoop.builder(recording(calls, call -> { }), NAME, "w1", work -> "r")
                .lease(LEASE).heartbeats(heartbeats).maxClaimAhead(1).build();

        assertEquals(new WorkerSummary(3, 0, 0, ExitReason.DRAINED), loop.run());

        assertEquals(List.of("claim", "completeAndClaim", "completeAndClaim", "completeAndClaim"), calls);
        assertEquals(new ChunkCounts(3, 0, 0, 3, 0), store.snapshot(NAME).counts());
    }

    @Test
    void aFailureIsRecordedAloneAndTheLoopClaimsAgain() {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));
        List<String> calls = new ArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        WorkerLoop loop = WorkerLoop.builder(recording(calls, call -> { }), NAME, "w1", work -> {
            if (failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("once");
            }
            return "r";
        }).lease(LEASE).heartbeats(heartbeats).maxClaimAhead(1).build();

        assertEquals(new WorkerSummary(2, 1, 0, ExitReason.DRAINED), loop.run());

        assertEquals(List.of("claim", "fail", "claim", "completeAndClaim", "completeAndClaim"), calls);
    }

    @Test
    void aStopWhileTheResultIsRecordedEndsTheLoopWithTheResultKept() {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));
        List<String> calls = new ArrayList<>();
        ChunkStore stoppedOnCompletion = recording(calls, call -> {
            if (call.equals("completeAndClaim")) {
                store.setDesiredState(NAME, DesiredState.STOPPED);
            }
        });
        WorkerLoop loop = WorkerLoop.builder(stoppedOnCompletion, NAME, "w1", work -> "r")
                .lease(LEASE).heartbeats(heartbeats).maxClaimAhead(1).build();

        assertEquals(new WorkerSummary(1, 0, 0, ExitReason.STOPPED), loop.run());

        assertEquals(List.of("claim", "completeAndClaim"), calls);
        assertEquals(new ChunkCounts(2, 1, 0, 1, 0), store.snapshot(NAME).counts());
    }

    @Test
    void aShutdownWhileTheNextChunkIsClaimedReleasesThatChunkAtOnce() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));
        List<String> calls = new ArrayList<>();
        AtomicReference<WorkerLoop> loop = new AtomicReference<>();
        ChunkStore shutdownOnCompletion = recording(calls, call -> {
            if (call.equals("completeAndClaim")) {
                try {
                    loop.get().shutdown(Duration.ZERO);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        loop.set(WorkerLoop.builder(shutdownOnCompletion, NAME, "w1", work -> "r")
                .lease(LEASE).heartbeats(heartbeats).maxClaimAhead(1).build());

        assertEquals(new WorkerSummary(1, 0, 1, ExitReason.SHUTDOWN), loop.get().run());

        assertEquals(List.of("claim", "completeAndClaim", "release"), calls);
        List<Chunk> chunks = StoredChunks.of(store, NAME);
        assertEquals(ChunkStatus.COMPLETED, chunks.get(0).status());
        assertEquals(ChunkStatus.PENDING, chunks.get(1).status());
        assertEquals(0, chunks.get(1).failures());
    }

    @Test
    void aShutdownDuringTheHandlerClaimsNothingMore() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 30, 10));
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch shutdownCalled = new CountDownLatch(1);
        // A handler that ignores interrupts and returns a result after the shutdown: the result is not recorded.
        WorkerLoop loop = WorkerLoop.builder(recording(calls, call -> { }), NAME, "w1", work -> {
            started.countDown();
            while (true) {
                try {
                    if (shutdownCalled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        return "finished anyway";
                    }
                } catch (InterruptedException e) {
                    // ignored on purpose
                }
            }
        }).lease(LEASE).heartbeats(heartbeats).maxClaimAhead(1).build();
        Future<WorkerSummary> run = runInBackground(loop);
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        loop.shutdown(Duration.ZERO);
        shutdownCalled.countDown();

        assertEquals(new WorkerSummary(0, 0, 1, ExitReason.SHUTDOWN), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of("claim", "release"), calls);
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), store.snapshot(NAME).counts());
    }

    @Test
    void aThrowingHandlerRecordsFailuresUntilTheChunkFails() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(2));
        WorkerSummary summary = loop(work -> {
            throw new IllegalStateException("bad parameters");
        }).run();

        assertEquals(new WorkerSummary(0, 2, 0, ExitReason.DRAINED), summary);
        assertEquals(ChunkStatus.FAILED, onlyChunk().status());
        assertEquals("IllegalStateException: bad parameters", onlyChunk().lastError());
    }

    @Test
    void theHeartbeatRenewsEveryThirdOfTheLeaseCarryingTested() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        BlockingHandler handler = new BlockingHandler();
        Future<WorkerSummary> run = runInBackground(loop(handler));
        heartbeats.awaitActive(1, WAIT);
        assertTrue(handler.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        clock.advance(Duration.ofSeconds(20));
        assertEquals(1, heartbeats.beat());

        assertEquals(List.of(LEASE.dividedBy(3)), heartbeats.periods());
        assertEquals(7, onlyChunk().tested());
        assertEquals(clock.instant().plus(LEASE), onlyChunk().leaseExpiresAt());
        handler.release.countDown();
        assertEquals(new WorkerSummary(1, 0, 0, ExitReason.DRAINED), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aRefusedRenewalInterruptsTheHandlerAndAbandonsTheChunk() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        BlockingHandler handler = new BlockingHandler();
        Future<WorkerSummary> run = runInBackground(loop(handler));
        heartbeats.awaitActive(1, WAIT);
        assertTrue(handler.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        store.resetRunning(NAME, DesiredState.STOPPED);
        heartbeats.beat();

        WorkerSummary summary = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(new WorkerSummary(0, 0, 1, ExitReason.STOPPED), summary);
        assertTrue(handler.interrupted.get(), "the handler was interrupted");
        assertEquals(ChunkStatus.PENDING, onlyChunk().status());
        assertNull(onlyChunk().result());
        assertEquals(0, onlyChunk().failures());
    }

    @Test
    void shutdownReleasesTheChunkAtOnceWithoutAFailure() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));
        BlockingHandler handler = new BlockingHandler();
        WorkerLoop loop = loop(handler);
        Future<WorkerSummary> run = runInBackground(loop);
        assertTrue(handler.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        assertTrue(loop.shutdown(WAIT), "the loop ended within the wait");

        assertEquals(new WorkerSummary(0, 0, 1, ExitReason.SHUTDOWN), run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(handler.interrupted.get());
        assertEquals(new ChunkCounts(2, 2, 0, 0, 0), store.snapshot(NAME).counts());
        assertEquals(0, onlyChunk().failures());
    }

    @Test
    void aResultFinishedAfterTheLeaseWasLostIsDiscarded() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        WorkerSummary summary = loop(work -> {
            store.resetOrphaned(NAME);
            store.claim(NAME, "w2", LEASE).orElseThrow();
            return "late";
        }).run();

        assertEquals(new WorkerSummary(0, 0, 1, ExitReason.DRAINED), summary);
        Chunk chunk = onlyChunk();
        assertEquals(ChunkStatus.RUNNING, chunk.status());
        assertEquals("w2", chunk.assignedWorker());
        assertNull(chunk.result());
    }

    @Test
    void aStoppedExplorationEndsTheLoopWithoutClaiming() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        store.setDesiredState(NAME, DesiredState.STOPPED);
        assertEquals(new WorkerSummary(0, 0, 0, ExitReason.STOPPED), loop(work -> "r").run());
        assertEquals(ChunkStatus.PENDING, onlyChunk().status());
    }

    @Test
    void aTooShortLeaseIsRefusedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerLoop.builder(store, NAME, "w1", work -> "r").lease(Duration.ofMillis(100)).build());
        assertTrue(e.getMessage().contains("100 ms"), e.getMessage());
    }
}
