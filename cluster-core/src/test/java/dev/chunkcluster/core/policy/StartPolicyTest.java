package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartPolicyTest {

    private static final String NAME = "sweep";
    private static final LaunchSpec COORDINATOR = LaunchSpec.of(ProcessRole.COORDINATOR, NAME,
            List.of("java", "Coordinator"));

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final FakeProcessController processes = new FakeProcessController(clock);
    private final StartPolicy start = new StartPolicy(store, processes);

    @Test
    void resetsStaleRunningChunksThenLaunchesTheCoordinator() {
        store.createExploration(ExplorationSpec.of(NAME, 4096, 1366));
        store.claim(NAME, "dead-worker", Duration.ofSeconds(30));
        store.claim(NAME, "dead-worker", Duration.ofSeconds(30));
        store.setDesiredState(NAME, DesiredState.STOPPED);

        StartReport report = start.start(COORDINATOR);

        assertTrue(report.launched());
        assertEquals(2, report.chunksReset());
        assertEquals(3, report.totalPending());
        assertEquals(DesiredState.RUNNING, store.desiredState(NAME));
        assertEquals(new ChunkCounts(3, 3, 0, 0, 0), store.snapshot(NAME).counts());
        assertEquals(List.of(COORDINATOR), processes.launches());
        assertTrue(report.coordinator().isPresent());
        assertTrue(report.message().contains("reset 2 stale running chunks"), report.message());
    }

    @Test
    void neverStartsASecondCoordinator() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        StartReport first = start.start(COORDINATOR);
        store.claim(NAME, "live-worker", Duration.ofSeconds(30));

        StartReport second = start.start(COORDINATOR);

        assertTrue(first.launched());
        assertFalse(second.launched());
        assertEquals(1, processes.launchCount(ProcessRole.COORDINATOR));
        assertEquals(first.coordinator(), second.coordinator());
        assertEquals(1, store.snapshot(NAME).counts().running(), "a live coordinator's chunks are left alone");
        assertTrue(second.message().startsWith("Already running"), second.message());
    }

    @Test
    void launchesAgainOnceTheCoordinatorIsGone() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        long pid = start.start(COORDINATOR).coordinator().orElseThrow().pid();
        processes.crash(pid);

        assertTrue(start.start(COORDINATOR).launched());
        assertEquals(2, processes.launchCount(ProcessRole.COORDINATOR));
    }

    @Test
    void launchesNothingWhenNothingIsPending() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        store.complete(store.claim(NAME, "w", Duration.ofSeconds(30)).orElseThrow().token(), "r");

        StartReport report = start.start(COORDINATOR);

        assertFalse(report.launched());
        assertEquals(List.of(), processes.launches());
        assertTrue(report.message().contains("no chunk is pending"), report.message());
    }

    @Test
    void startsOnlyCoordinators() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start.start(LaunchSpec.of(ProcessRole.WORKER, NAME, List.of("java"))));
        assertTrue(e.getMessage().contains("worker"), e.getMessage());
    }
}
