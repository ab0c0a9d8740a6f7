package dev.chunkcluster.testkit.event;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunksReset;
import dev.chunkcluster.core.event.ChunkClusterEvent.LeasesExpired;
import dev.chunkcluster.core.event.ChunkClusterEvent.ProcessExited;
import dev.chunkcluster.core.event.ChunkClusterEvent.ProcessLaunched;
import dev.chunkcluster.core.event.ChunkClusterEvent.ResetCause;
import dev.chunkcluster.core.event.ChunkClusterEvent.StopFinished;
import dev.chunkcluster.core.event.ChunkClusterEvent.StopRequested;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.event.EventPublisher;
import dev.chunkcluster.core.policy.HealthCheck;
import dev.chunkcluster.core.policy.StartPolicy;
import dev.chunkcluster.core.policy.StartReport;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.SupervisorDecision;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyEventsTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final LaunchSpec WORKER = LaunchSpec.of(ProcessRole.WORKER, NAME, List.of("java", "Worker"));
    private static final LaunchSpec COORDINATOR = LaunchSpec.of(ProcessRole.COORDINATOR, NAME,
            List.of("java", "Coordinator"));

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final FakeProcessController processes = new FakeProcessController(clock);
    private final RecordingListener recorder = new RecordingListener(store);

    @Test
    void stopPublishesItsRequestTheResetAndItsReportWithTheTimeOfEachStep() {
        store.createExploration(ExplorationSpec.of(NAME, 40, 10));
        store.claim(NAME, "w1", LEASE);
        store.claim(NAME, "w2", LEASE);
        processes.track(ProcessRole.WORKER, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);

        StopReport report = new StopPolicy(store, processes).withListener(recorder).stop(NAME);

        assertEquals(List.of("StopRequested", "ChunksReset", "StopFinished"), recorder.kinds());
        assertEquals(new StopRequested(NAME), recorder.events.get(0));
        assertEquals(new ChunksReset(NAME, ResetCause.STOP, 2, 4), recorder.events.get(1));
        StopFinished finished = recorder.of(StopFinished.class).get(0);
        assertEquals(report.success(), finished.success());
        assertEquals(2, finished.chunksReset());
        assertEquals(4, finished.totalPending());
        assertEquals(report.processes(), finished.processes());
        assertEquals(1, finished.processes().size());
        assertEquals(report.message(), finished.message());
        assertFalse(finished.databaseStep().isNegative());
        assertFalse(finished.processStep().isNegative());
        assertEquals(List.of(), recorder.insideTransaction);
    }

    @Test
    void aStopWithNothingRunningPublishesNoReset() {
        store.createExploration(ExplorationSpec.of(NAME, 40, 10));

        new StopPolicy(store, processes).withListener(recorder).stop(NAME);

        assertEquals(List.of("StopRequested", "StopFinished"), recorder.kinds());
    }

    @Test
    void theHealthCheckPublishesExpiredLeasesAndOrphanResetsOnlyWhenItFindsSome() {
        store.createExploration(ExplorationSpec.of(NAME, 40, 10));
        HealthCheck check = HealthCheck.withProcesses(store, processes).withListener(recorder);
        check.check(NAME);
        assertEquals(List.of(), recorder.events, "nothing to fix, nothing published");

        store.claim(NAME, "w1", LEASE);
        clock.advance(LEASE.plusSeconds(1));
        store.claim(NAME, "w2", LEASE);
        store.claim(NAME, "w3", LEASE);
        check.check(NAME);

        assertEquals(List.of(new LeasesExpired(NAME, 1, 0), new ChunksReset(NAME, ResetCause.HEALTH_CHECK, 2, 4)),
                recorder.events);
        assertEquals(List.of(), recorder.insideTransaction);
    }

    @Test
    void startPublishesTheStaleResetAndTheLaunchedCoordinator() {
        store.createExploration(ExplorationSpec.of(NAME, 40, 10));
        store.claim(NAME, "dead", LEASE);

        StartReport report = new StartPolicy(store, processes).withListener(recorder).start(COORDINATOR);

        assertEquals(List.of(new ChunksReset(NAME, ResetCause.START, 1, 4),
                new ProcessLaunched(NAME, report.coordinator().orElseThrow())), recorder.events);
        assertEquals(List.of(), recorder.insideTransaction);
    }

    @Test
    void theSupervisorPublishesEachLaunchAndNoticesAnExitAtTheNextRound() {
        store.createExploration(ExplorationSpec.of(NAME, 40, 10));
        Supervisor supervisor = Supervisor.builder(store, processes, WORKER).workers(2).clock(clock)
                .listener(recorder).build();

        assertEquals(SupervisorDecision.CONTINUE, supervisor.tick());
        List<ProcessLaunched> launched = recorder.of(ProcessLaunched.class);
        assertEquals(2, launched.size());
        TrackedProcess crashed = launched.get(0).process();
        processes.crash(crashed.pid());
        supervisor.tick();

        assertEquals(List.of(new ProcessExited(NAME, crashed)), recorder.of(ProcessExited.class));
        supervisor.tick();
        assertEquals(1, recorder.of(ProcessExited.class).size(), "an exit is published once");
        assertEquals(List.of(), recorder.insideTransaction);
    }

    /** Every kind of event reaches the callback named after it, so a listener can override just the ones it needs. */
    @Test
    void eachEventReachesTheCallbackNamedAfterIt() {
        LeaseToken token = new LeaseToken(1, 1, "w1");
        TrackedProcess process = new TrackedProcess(ProcessRole.WORKER, NAME, 4711, Instant.EPOCH, List.of("java"),
                Path.of("worker.log"), Instant.EPOCH);
        List<ChunkClusterEvent> samples = List.of(
                new ChunkClusterEvent.WorkerStarted(NAME, "w1"),
                new ChunkClusterEvent.WorkerEnded(NAME, "w1", 1, 0, 0, "drained"),
                new ChunkClusterEvent.ChunkClaimed(NAME, "w1", token, new ChunkRange(0, 0, 10)),
                new ChunkClusterEvent.LeaseRenewed(NAME, "w1", token, 5),
                new ChunkClusterEvent.ChunkCompleted(NAME, "w1", token, Duration.ofMillis(3)),
                new ChunkClusterEvent.ChunkFailed(NAME, "w1", token, "boom", Duration.ofMillis(3)),
                new ChunkClusterEvent.ChunkAbandoned(NAME, "w1", token, "lease lost"),
                new LeasesExpired(NAME, 1, 0),
                new ChunksReset(NAME, ResetCause.STOP, 1, 1),
                new StopRequested(NAME),
                new StopFinished(NAME, true, 0, 0,
                        List.of(new ProcessStopOutcome(process, ProcessStopOutcome.Kind.STOPPED, null)), "Stopped",
                        Duration.ZERO, Duration.ZERO),
                new ProcessLaunched(NAME, process),
                new ProcessExited(NAME, process));
        assertEquals(ChunkClusterEvent.class.getPermittedSubclasses().length, samples.size(), "one sample per kind");
        List<String> called = new ArrayList<>();
        ChunkClusterListener listener = (ChunkClusterListener) Proxy.newProxyInstance(
                ChunkClusterListener.class.getClassLoader(), new Class<?>[]{ChunkClusterListener.class},
                (proxy, method, args) -> {
                    called.add(method.getName());
                    return null;
                });
        EventPublisher publisher = EventPublisher.of(List.of(listener));

        samples.forEach(publisher::publish);

        assertEquals(samples.stream().map(e -> "on" + e.getClass().getSimpleName()).toList(), called);
    }
}
