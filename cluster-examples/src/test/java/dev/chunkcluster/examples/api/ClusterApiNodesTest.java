package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.InMemoryNodeRegistry;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API with agents on other hosts: their nodes in the status, Start that notifies them, Stop that reports them. */
class ClusterApiNodesTest {

    static final String NAME = "ma-atr-sweep";
    static final Duration LEASE = Duration.ofSeconds(10);

    SettableClock clock;
    InMemoryChunkStore store;
    InMemoryNodeRegistry nodes;
    FakeProcessController processes;
    ClusterApi api;

    @BeforeEach
    void setUp() {
        clock = new SettableClock();
        store = new InMemoryChunkStore(clock);
        nodes = new InMemoryNodeRegistry(store, clock);
        processes = new FakeProcessController(clock);
        store.createExploration(ExplorationSpec.of(NAME, 256, 64));
        api = new ClusterApi(() -> store, () -> nodes, processes, NAME,
                () -> LaunchSpec.of(ProcessRole.COORDINATOR, NAME, List.of("java", "coordinator")),
                Duration.ofSeconds(1), clock);
    }

    private long agent(String host, NodeState state, int workers) {
        return nodes.register(new NodeIdentity(NAME, NodeRole.AGENT, host, "boot", 4100 + host.length(),
                Instant.EPOCH), state, workers, LEASE).id();
    }

    @Test
    void theStatusListsEveryNodeAndFlagsASilentHostHoldingChunks() {
        agent("host-b", NodeState.RUNNING, 2);
        store.claim(NAME, "worker-7@host-b", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        agent("host-a", NodeState.IDLE, 0);

        StatusBody status = api.status();

        assertEquals(List.of("host-b", "host-a"), status.nodes().stream().map(NodeBody::host).toList());
        assertFalse(status.nodes().get(0).alive());
        assertEquals(LEASE.plusSeconds(1).toMillis(), status.nodes().get(0).heartbeatAgeMs());
        assertTrue(status.nodes().get(1).alive());
        assertEquals(List.of("host-b"), status.health().silentHosts());
        assertEquals(1, status.health().orphanedRunning());
        assertEquals(1, status.health().staleNodes().size());
        assertTrue(status.health().message().contains("host-b"), status.health().message());
    }

    @Test
    void eachNodeIsJudgedByTheLeaseItRunsWithInTheStatusAndTheStopReport() {
        Duration shortLease = Duration.ofSeconds(2);
        nodes.register(new NodeIdentity(NAME, NodeRole.AGENT, "host-s", "boot", 4200, Instant.EPOCH),
                NodeState.RUNNING, 2, shortLease);
        agent("host-l", NodeState.IDLE, 0);
        clock.advance(shortLease.plusSeconds(1));

        StatusBody status = api.status();
        assertFalse(status.nodes().get(0).alive(), "silent for longer than its 2 s lease: " + status.nodes());
        assertEquals(shortLease.toMillis(), status.nodes().get(0).leaseMs());
        assertTrue(status.nodes().get(1).alive(), "within its 10 s lease: " + status.nodes());
        assertEquals(1, status.health().staleNodes().size(), status.health().staleNodes().toString());

        ControlBody stopped = api.stop();
        assertEquals(List.of("unreachable", "already gone"),
                stopped.nodes().stream().map(ControlBody.NodeOutcome::outcome).toList());
    }

    @Test
    void startWithALiveAgentNotifiesItAndLaunchesNoCoordinator() {
        store.setDesiredState(NAME, DesiredState.STOPPED);
        agent("host-a", NodeState.IDLE, 0);

        ControlBody started = api.start();

        assertTrue(started.success(), started.message());
        assertEquals(DesiredState.RUNNING, store.desiredState(NAME));
        assertEquals(0, started.processes().launched());
        assertTrue(processes.listLive(NAME).isEmpty(), "no coordinator on this host");
        assertEquals(List.of("notified"), started.nodes().stream().map(ControlBody.NodeOutcome::outcome).toList());
    }

    @Test
    void stopReportsAnIdleAgentAlreadyGoneAndASilentOneUnreachableAndSucceeds() {
        agent("host-b", NodeState.RUNNING, 2);
        clock.advance(LEASE.plusSeconds(1));
        agent("host-a", NodeState.IDLE, 0);

        ControlBody stopped = api.stop();

        assertTrue(stopped.success(), stopped.message());
        assertEquals(List.of("unreachable", "already gone"),
                stopped.nodes().stream().map(ControlBody.NodeOutcome::outcome).toList());
        assertEquals(DesiredState.STOPPED, store.desiredState(NAME));
    }
}
