package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCheckTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final FakeProcessController processes = new FakeProcessController(clock);

    @Test
    void resetsExpiredLeasesCountingAFailure() {
        store.createExploration(ExplorationSpec.of(NAME, 30, 10));
        processes.track(ProcessRole.WORKER, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        Lease expired = store.claim(NAME, "w1", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        Lease fresh = store.claim(NAME, "w2", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(10));

        HealthReport report = HealthCheck.withProcesses(store, processes).check(NAME);

        assertEquals(new HealthReport(1, 0, 0, 1), report);
        assertEquals(ChunkStatus.PENDING, chunk(expired).status());
        assertEquals(1, chunk(expired).failures());
        assertEquals(ChunkStatus.RUNNING, chunk(fresh).status());
    }

    @Test
    void resetsEveryRunningChunkWhenNoTrackedProcessIsAlive() {
        store.createExploration(ExplorationSpec.of(NAME, 4096, 1366));
        for (int i = 0; i < 3; i++) {
            store.claim(NAME, "dead-coordinator-worker", LEASE);
        }

        HealthReport report = HealthCheck.withProcesses(store, processes).check(NAME);

        assertEquals(new HealthReport(0, 0, 3, 0), report);
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), store.snapshot(NAME).counts());
        assertEquals(DesiredState.RUNNING, store.desiredState(NAME));
        assertEquals(0, StoredChunks.of(store, NAME).get(0).failures(), "a dead coordinator is not the chunk's fault");
        assertTrue(report.message().contains("reset 3 running chunks"), report.message());
    }

    @Test
    void leasesOnlyLeavesValidLeasesAloneEvenWithoutProcesses() {
        store.createExploration(ExplorationSpec.of(NAME, 30, 10));
        Lease lease = store.claim(NAME, "remote-worker", LEASE).orElseThrow();

        HealthReport report = HealthCheck.leasesOnly(store).check(NAME);

        assertEquals(new HealthReport(0, 0, 0, -1), report);
        assertEquals(ChunkStatus.RUNNING, chunk(lease).status());
        assertEquals("healthy: nothing to fix", report.message());
    }

    @Test
    void aPoisonChunkEndsFailedAfterMaxFailures() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(2));
        HealthCheck check = HealthCheck.leasesOnly(store);
        store.claim(NAME, "w1", LEASE);
        clock.advance(LEASE);
        assertEquals(new HealthReport(1, 0, 0, -1), check.check(NAME));
        store.claim(NAME, "w2", LEASE);
        clock.advance(LEASE);
        assertEquals(new HealthReport(0, 1, 0, -1), check.check(NAME));
        assertEquals(new ChunkCounts(1, 0, 0, 0, 1), store.snapshot(NAME).counts());
    }

    @Test
    void completedChunksAreNeverTouched() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        Lease lease = store.claim(NAME, "w1", LEASE).orElseThrow();
        store.complete(lease.token(), "kept");
        Chunk before = chunk(lease);
        clock.advance(Duration.ofDays(1));

        HealthCheck.withProcesses(store, processes).check(NAME);

        assertEquals(before, chunk(lease));
    }

    private Chunk chunk(Lease lease) {
        return store.chunk(lease.token().chunkId()).orElseThrow();
    }
}
