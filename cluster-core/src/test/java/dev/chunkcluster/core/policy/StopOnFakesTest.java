package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.FakeProcessController.Behaviour;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stop on stateful fakes: the seed's 2 AM crash case, and Stop against live processes. */
class StopOnFakesTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final FakeProcessController processes = new FakeProcessController(clock);
    private final StopPolicy stop = new StopPolicy(store, processes, Duration.ofSeconds(3));

    @Test
    void theCrashCaseResetsTheOrphanedRowsAndASecondStopResetsNothing() {
        store.createExploration(ExplorationSpec.of(NAME, 4096, 1366));
        for (int i = 0; i < 3; i++) {
            store.claim(NAME, "coordinator-that-died", LEASE);
        }

        StopReport first = stop.stop(NAME);
        StopReport second = stop.stop(NAME);

        assertTrue(first.success());
        assertEquals(3, first.chunksReset());
        assertEquals(3, first.totalPending());
        assertEquals(List.of(), first.processes());
        assertTrue(second.success());
        assertEquals(0, second.chunksReset());
        assertEquals(3, second.totalPending());
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), store.snapshot(NAME).counts());
    }

    @Test
    void stopsLiveProcessesAfterResettingAndNoWorkerCanClaimAfterwards() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        processes.track(ProcessRole.COORDINATOR, NAME, Behaviour.EXITS_ON_TERM);
        processes.track(ProcessRole.WORKER, NAME, Behaviour.IGNORES_TERM);
        long crashed = processes.track(ProcessRole.WORKER, NAME, Behaviour.EXITS_ON_TERM).pid();
        processes.crash(crashed);
        Lease lease = store.claim(NAME, "w1", LEASE).orElseThrow();
        store.complete(lease.token(), "kept");
        store.claim(NAME, "w2", LEASE);

        StopReport report = stop.stop(NAME);

        assertTrue(report.success());
        assertEquals(1, report.chunksReset());
        assertEquals(9, report.totalPending());
        assertEquals(1, report.count(Kind.STOPPED));
        assertEquals(1, report.count(Kind.FORCED));
        assertEquals(1, report.count(Kind.ALREADY_GONE));
        // A second round after a coordinator was stopped, for a worker it might have launched meanwhile.
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), processes.stopGraces());
        assertEquals(List.of(), processes.listLive(NAME));
        assertEquals(List.of(), store.claimBatch(NAME, "late-worker", 5, LEASE));
        assertEquals("kept", store.chunk(lease.token().chunkId()).orElseThrow().result());
    }

    @Test
    void anUnstoppableProcessMakesStopFailButKeepsTheReset() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        long pid = processes.track(ProcessRole.WORKER, NAME, Behaviour.UNSTOPPABLE).pid();
        store.claim(NAME, "w1", LEASE);

        StopReport report = stop.stop(NAME);

        assertEquals(false, report.success());
        assertEquals(1, report.chunksReset());
        assertEquals(0, store.snapshot(NAME).counts().running());
        assertTrue(report.message().contains("pid " + pid), report.message());
    }
}
