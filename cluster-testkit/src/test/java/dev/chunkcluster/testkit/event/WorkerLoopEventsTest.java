package dev.chunkcluster.testkit.event;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkAbandoned;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkClaimed;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkCompleted;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkFailed;
import dev.chunkcluster.core.event.ChunkClusterEvent.LeaseRenewed;
import dev.chunkcluster.core.event.ChunkClusterEvent.WorkerEnded;
import dev.chunkcluster.core.event.ChunkClusterEvent.WorkerStarted;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.event.EventPublisher;
import dev.chunkcluster.core.event.LogContext;
import dev.chunkcluster.core.policy.ChunkHandler;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.policy.WorkerSummary.ExitReason;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.ManualHeartbeats;
import dev.chunkcluster.testkit.SettableClock;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerLoopEventsTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final ManualHeartbeats heartbeats = new ManualHeartbeats();
    private final RecordingListener recorder = new RecordingListener(store);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private WorkerLoop.Builder loop(ChunkHandler handler) {
        return WorkerLoop.builder(store, NAME, "w1", handler).lease(LEASE).heartbeats(heartbeats).listener(recorder);
    }

    @Test
    void aDrainedWorkerPublishesItsStartEachClaimAndCompletionAndItsEnd() {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));

        WorkerSummary summary = loop(work -> "r").build().run();

        assertEquals(new WorkerSummary(2, 0, 0, ExitReason.DRAINED), summary);
        assertEquals(List.of("WorkerStarted", "ChunkClaimed", "ChunkCompleted", "ChunkClaimed", "ChunkCompleted",
                "WorkerEnded"), recorder.kinds());
        assertEquals(new WorkerStarted(NAME, "w1"), recorder.events.get(0));
        long firstId = StoredChunks.of(store, NAME).get(0).id();
        assertEquals(new ChunkClaimed(NAME, "w1", new LeaseToken(firstId, 1, "w1"), new ChunkRange(0, 0, 10)),
                recorder.events.get(1));
        ChunkCompleted completed = recorder.of(ChunkCompleted.class).get(0);
        assertEquals(new LeaseToken(firstId, 1, "w1"), completed.token());
        assertFalse(completed.duration().isNegative());
        assertEquals(new WorkerEnded(NAME, "w1", 2, 0, 0, "drained"), recorder.events.get(5));
        assertEquals(List.of(), recorder.insideTransaction, "events are published after the store call returned");
    }

    @Test
    void aThrowingHandlerPublishesTheRecordedFailure() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(1));

        loop(work -> {
            throw new IllegalStateException("boom");
        }).build().run();

        ChunkFailed failed = recorder.of(ChunkFailed.class).get(0);
        assertEquals("IllegalStateException: boom", failed.error());
        assertEquals(NAME, failed.exploration());
        assertEquals(new WorkerEnded(NAME, "w1", 0, 1, 0, "drained"), recorder.events.get(3));
        assertEquals(List.of(), recorder.insideTransaction);
    }

    @Test
    void aRenewalIsPublishedWithTheTestedCountAndALostLeaseAsAnAbandonedChunk() throws Exception {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<WorkerSummary> run = executor.submit(loop(work -> {
            work.reportTested(7);
            reported.countDown();
            release.await();
            return "r";
        }).build()::run);
        assertTrue(reported.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        heartbeats.awaitActive(1, WAIT);

        heartbeats.beat();
        store.resetRunning(NAME, DesiredState.STOPPED);
        heartbeats.beat();

        assertEquals(new WorkerSummary(0, 0, 1, ExitReason.STOPPED), run.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        LeaseRenewed renewed = recorder.of(LeaseRenewed.class).get(0);
        assertEquals(7, renewed.tested());
        assertEquals(1, recorder.of(LeaseRenewed.class).size(), "a refused renewal is not a renewal");
        ChunkAbandoned abandoned = recorder.of(ChunkAbandoned.class).get(0);
        assertEquals(renewed.token(), abandoned.token());
        assertTrue(abandoned.reason().startsWith("lease lost"), abandoned.reason());
        assertEquals(List.of(), recorder.insideTransaction);
    }

    @Test
    void aThrowingListenerIsLoggedAndIgnoredAndTheNextListenerStillHearsEverything() {
        store.createExploration(ExplorationSpec.of(NAME, 30, 10));
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        Logger publisherLog = (Logger) LoggerFactory.getLogger(EventPublisher.class);
        warnings.start();
        publisherLog.addAppender(warnings);
        publisherLog.setAdditive(false);
        try {
            ChunkClusterListener throwing = new ChunkClusterListener() {
                @Override
                public void onEvent(ChunkClusterEvent event) {
                    throw new IllegalStateException("listener bug");
                }
            };
            WorkerSummary summary = WorkerLoop.builder(store, NAME, "w1", work -> "r").lease(LEASE)
                    .heartbeats(heartbeats).listener(throwing).listener(recorder).build().run();

            assertEquals(new WorkerSummary(3, 0, 0, ExitReason.DRAINED), summary);
            assertEquals(8, recorder.events.size(), recorder.kinds().toString());
            assertEquals(8, warnings.list.size());
            ILoggingEvent first = warnings.list.get(0);
            assertEquals(Level.WARN, first.getLevel());
            assertTrue(first.getFormattedMessage().contains("exploration 'sweep'")
                    && first.getFormattedMessage().contains("threw on WorkerStarted; ignored")
                    && first.getFormattedMessage().contains("listener bug"), first.getFormattedMessage());
        } finally {
            publisherLog.detachAppender(warnings);
            publisherLog.setAdditive(true);
        }
    }

    @Test
    void theWorkerThreadCarriesTheExplorationWorkerChunkAndAttemptInTheMdc() {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));
        List<Map<String, String>> seen = new ArrayList<>();

        loop(work -> {
            seen.add(MDC.getCopyOfContextMap());
            return "r";
        }).build().run();

        long firstId = StoredChunks.of(store, NAME).get(0).id();
        assertEquals(Map.of(LogContext.EXPLORATION, NAME, LogContext.WORKER, "w1",
                LogContext.CHUNK, Long.toString(firstId), LogContext.ATTEMPT, "1"), seen.get(0));
        assertEquals(Long.toString(firstId + 1), seen.get(1).get(LogContext.CHUNK));
        assertNull(MDC.get(LogContext.WORKER), "the loop removes its keys when it ends");
        assertNull(MDC.get(LogContext.CHUNK));
    }

    @Test
    void withoutListenersThePublisherIsInactiveSoThePoliciesBuildNoEvent() {
        assertSame(EventPublisher.none(), EventPublisher.of(List.of()));
        assertFalse(EventPublisher.none().isActive());
        assertTrue(EventPublisher.none().with(recorder).isActive());
    }
}
