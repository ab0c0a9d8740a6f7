package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisorTest {

    private static final String NAME = "sweep";
    private static final LaunchSpec WORKER = LaunchSpec.of(ProcessRole.WORKER, NAME, List.of("java", "Worker"));
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final FakeProcessController processes = new FakeProcessController(clock);

    private Supervisor supervisor(int workers) {
        processes.track(ProcessRole.COORDINATOR, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        return Supervisor.builder(store, processes, WORKER)
                .workers(workers)
                .healthCheckInterval(Duration.ofSeconds(10))
                .restartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .clock(clock)
                .build();
    }

    private long workersLaunched() {
        return processes.launchCount(ProcessRole.WORKER);
    }

    @Test
    void launchesTheConfiguredNumberOfWorkersOnce() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        Supervisor supervisor = supervisor(3);

        assertEquals(SupervisorDecision.CONTINUE, supervisor.tick());
        assertEquals(SupervisorDecision.CONTINUE, supervisor.tick());

        assertEquals(3, workersLaunched());
        assertEquals(3, processes.aliveCount(NAME, ProcessRole.WORKER));
    }

    @Test
    void neverLaunchesMoreWorkersThanPendingChunks() {
        store.createExploration(ExplorationSpec.of(NAME, 20, 10));
        supervisor(8).tick();
        assertEquals(2, workersLaunched());
    }

    @Test
    void restartsACrashedWorkerWithDoublingBackoff() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        Supervisor supervisor = supervisor(2);
        supervisor.tick();
        assertEquals(2, workersLaunched());

        processes.crashAll(NAME, ProcessRole.WORKER);
        supervisor.tick();
        assertEquals(4, workersLaunched(), "the first restart is immediate");

        processes.crashAll(NAME, ProcessRole.WORKER);
        supervisor.tick();
        assertEquals(4, workersLaunched(), "backing off 1 s");
        clock.advance(Duration.ofSeconds(1));
        supervisor.tick();
        assertEquals(6, workersLaunched());

        processes.crashAll(NAME, ProcessRole.WORKER);
        clock.advance(Duration.ofSeconds(1));
        supervisor.tick();
        assertEquals(6, workersLaunched(), "backing off 2 s now");
        clock.advance(Duration.ofSeconds(1));
        supervisor.tick();
        assertEquals(8, workersLaunched());
    }

    @Test
    void aFailedLaunchIsRetriedAfterTheBackoff() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        Supervisor supervisor = supervisor(1);
        processes.failLaunches("java not found");
        assertEquals(SupervisorDecision.CONTINUE, supervisor.tick());
        assertEquals(0, workersLaunched());

        processes.failLaunches(null);
        supervisor.tick();
        assertEquals(0, workersLaunched(), "still backing off");
        clock.advance(Duration.ofSeconds(1));
        supervisor.tick();
        assertEquals(1, workersLaunched());
    }

    @Test
    void runsTheHealthCheckOnItsSchedule() {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        Supervisor supervisor = supervisor(1);
        supervisor.tick();
        Lease lease = store.claim(NAME, "w1", Duration.ofSeconds(5)).orElseThrow();
        long id = lease.token().chunkId();

        clock.advance(Duration.ofSeconds(5));
        supervisor.tick();
        assertEquals(ChunkStatus.RUNNING, store.chunk(id).orElseThrow().status(),
                "the lease has expired but the next health check is due only 10 s after the first");

        clock.advance(Duration.ofSeconds(5));
        supervisor.tick();
        assertEquals(ChunkStatus.PENDING, store.chunk(id).orElseThrow().status(),
                "the expired lease was reaped on the next scheduled health check");
        assertEquals(1, store.chunk(id).orElseThrow().failures());
    }

    @Test
    void endsWhenCompleteStoppedOrIdle() {
        store.createExploration(ExplorationSpec.of(NAME, 10, 10).withMaxFailures(1));
        Supervisor supervisor = supervisor(1);

        store.setDesiredState(NAME, DesiredState.STOPPED);
        assertEquals(SupervisorDecision.STOPPED, supervisor.tick());
        store.setDesiredState(NAME, DesiredState.RUNNING);

        Lease lease = store.claim(NAME, "w1", LEASE).orElseThrow();
        store.fail(lease.token(), "boom");
        assertEquals(SupervisorDecision.IDLE, supervisor.tick());

        store.retryFailed(NAME);
        Lease again = store.claim(NAME, "w1", LEASE).orElseThrow();
        store.complete(again.token(), "r");
        assertEquals(SupervisorDecision.COMPLETE, supervisor.tick());
        assertTrue(SupervisorDecision.COMPLETE.finished());
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Supervisor.builder(store, processes, WORKER).workers(0).build());
        assertTrue(e.getMessage().contains("workers must be 1 to 256; got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Supervisor.builder(store, processes,
                LaunchSpec.of(ProcessRole.COORDINATOR, NAME, List.of("java"))).build());
        assertTrue(e.getMessage().contains("coordinator"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Supervisor.builder(store, processes, WORKER)
                .restartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build());
        assertTrue(e.getMessage().contains("must not be below min"), e.getMessage());
    }
}
