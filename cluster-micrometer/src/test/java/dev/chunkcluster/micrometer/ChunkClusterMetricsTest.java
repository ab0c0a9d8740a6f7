package dev.chunkcluster.micrometer;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.HealthCheck;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import dev.chunkcluster.sqlite.SqliteOptions;
import dev.chunkcluster.testkit.SettableClock;
import dev.chunkcluster.testkit.FakeProcessController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.chunkcluster.micrometer.ChunkClusterMeters.EXPLORATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters against a real SQLite store: every value is checked against the store's own counts. */
class ChunkClusterMetricsTest {

    private static final String NAME = "sweep";

    @TempDir
    Path dir;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final SettableClock clock = new SettableClock();
    private SqliteChunkStore store;

    @BeforeEach
    void openStore() {
        store = SqliteChunkStore.open(dir.resolve("exploration.db"), SqliteOptions.builder().clock(clock).build());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private double gauge(String status) {
        return registry.get(ChunkClusterMeters.CHUNKS).tags(EXPLORATION, NAME, ChunkClusterMeters.STATUS, status)
                .gauge().value();
    }

    private double counter(String name) {
        return registry.get(name).tag(EXPLORATION, NAME).counter().count();
    }

    @Test
    void aDrainedExplorationShowsTheStoreCountsAndCountsEveryClaimCompletionAndFailure() {
        store.createExploration(ExplorationSpec.of(NAME, 200, 10).withMaxFailures(1));
        ChunkClusterGauges.of(store, NAME).bindTo(registry);
        assertEquals(20, gauge("pending"));
        AtomicInteger handled = new AtomicInteger();

        WorkerSummary summary = WorkerLoop.builder(store, NAME, "w1", work -> {
            if (handled.incrementAndGet() % 5 == 0) {
                throw new IllegalStateException("every fifth chunk fails");
            }
            return "r";
        }).listener(ChunkClusterMetrics.recordingTo(registry)).build().run();

        ChunkCounts counts = store.snapshot(NAME).counts();
        assertEquals(new ChunkCounts(20, 0, 0, 16, 4), counts);
        assertEquals(counts.completed(), gauge("completed"));
        assertEquals(counts.failed(), gauge("failed"));
        assertEquals(0, gauge("pending"));
        assertEquals(0, gauge("running"));
        assertEquals(20, counter(ChunkClusterMeters.CLAIMS));
        assertEquals(summary.completed(), counter(ChunkClusterMeters.COMPLETIONS));
        assertEquals(summary.failed(), counter(ChunkClusterMeters.FAILURES));
        Timer completed = registry.get(ChunkClusterMeters.CHUNK_DURATION)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.OUTCOME, "completed").timer();
        assertEquals(16, completed.count());
        assertEquals(4, registry.get(ChunkClusterMeters.CHUNK_DURATION)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.OUTCOME, "failed").timer().count());
        assertNull(registry.find(ChunkClusterMeters.ABANDONED).counter(), "nothing was abandoned");
    }

    @Test
    void expiriesResetsAndTheStopStepsAreCountedAndTimed() {
        FakeProcessController processes = new FakeProcessController(clock);
        store.createExploration(ExplorationSpec.of(NAME, 200, 10));
        ChunkClusterMetrics metrics = ChunkClusterMetrics.recordingTo(registry);
        ChunkClusterGauges.of(store, NAME).withProcesses(processes).bindTo(registry);
        processes.track(ProcessRole.COORDINATOR, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        processes.track(ProcessRole.WORKER, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        processes.track(ProcessRole.WORKER, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        assertEquals(2, registry.get(ChunkClusterMeters.LIVE_PROCESSES)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.ROLE, "worker").gauge().value());
        assertEquals(1, registry.get(ChunkClusterMeters.LIVE_PROCESSES)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.ROLE, "coordinator").gauge().value());

        store.claim(NAME, "gone", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        store.claim(NAME, "w1", Duration.ofMinutes(5));
        store.claim(NAME, "w2", Duration.ofMinutes(5));
        HealthCheck.withProcesses(store, processes).withListener(metrics).check(NAME);
        assertEquals(1, registry.get(ChunkClusterMeters.EXPIRIES)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.OUTCOME, "requeued").counter().count());
        assertEquals(2, gauge("running"));

        new StopPolicy(store, processes, Duration.ZERO).withListener(metrics).stop(NAME);

        assertEquals(2, registry.get(ChunkClusterMeters.RESETS)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.CAUSE, "stop").counter().count());
        assertEquals(store.snapshot(NAME).counts().pending(), gauge("pending"));
        assertEquals(0, gauge("running"));
        assertEquals(0, registry.get(ChunkClusterMeters.LIVE_PROCESSES)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.ROLE, "worker").gauge().value());
        for (String step : new String[]{"database", "processes"}) {
            Timer timer = registry.get(ChunkClusterMeters.STOP_DURATION)
                    .tags(EXPLORATION, NAME, ChunkClusterMeters.STEP, step).timer();
            assertEquals(1, timer.count(), step);
            assertTrue(timer.totalTime(TimeUnit.NANOSECONDS) >= 0, step);
        }
    }
}
