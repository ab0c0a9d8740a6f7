package dev.chunkcluster.testkit;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.port.Announcements;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The executable definition of {@link NodeRegistry}. Every implementation extends this class and passes it unchanged;
 * {@link #createStores} gives the chunk store and the node registry beside it, both timed by the given clock.
 */
public abstract class NodeRegistryContract {

    /** For subclasses, which say how to create the stores under test. */
    protected NodeRegistryContract() {
    }

    /** The chunk store and its node registry. */
    public record Stores(ChunkStore chunks, NodeRegistry nodes) {
    }

    /** The name of the exploration the tests create. */
    protected static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Instant PROCESS_START = Instant.parse("2026-01-01T00:00:00.250Z");

    /** The clock the stores read; the tests move it. */
    protected SettableClock clock;
    private Stores stores;

    /** A new, empty chunk store and its node registry, timed by {@code clock}. */
    protected abstract Stores createStores(Clock clock) throws Exception;

    @BeforeEach
    void createStoresForTest() throws Exception {
        clock = new SettableClock();
        stores = createStores(clock);
        stores.chunks().createExploration(ExplorationSpec.of(NAME, 100, 10));
    }

    @AfterEach
    void closeStoresAfterTest() throws Exception {
        if (stores.chunks() instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private NodeRegistry nodes() {
        return stores.nodes();
    }

    private static NodeIdentity agent(String host, long pid) {
        return new NodeIdentity(NAME, NodeRole.AGENT, host, "boot-" + host, pid, PROCESS_START);
    }

    @Test
    void aRegisteredNodeIsReadBackWithItsIdentityAndFirstHeartbeat() {
        NodeRecord registered = nodes().register(agent("host-a", 41), NodeState.IDLE, 0, LEASE);
        List<NodeRecord> all = nodes().nodes(NAME);
        assertEquals(1, all.size());
        NodeRecord read = all.get(0);
        assertEquals(registered.id(), read.id());
        assertEquals(agent("host-a", 41), read.identity());
        assertEquals(clock.instant(), read.startedAt());
        assertEquals(clock.instant(), read.heartbeatAt());
        assertEquals(Duration.ZERO, read.heartbeatAge());
        assertEquals(NodeState.IDLE, read.state());
        assertNull(read.stopOutcome());
        assertEquals(LEASE, read.lease());
        assertTrue(read.alive());
    }

    @Test
    void heartbeatsMoveTheTimeAndStateAndTheAgeIsMeasuredOnTheStoreClock() {
        long id = nodes().register(agent("host-a", 41), NodeState.IDLE, 0, LEASE).id();
        clock.advance(Duration.ofSeconds(3));
        assertTrue(nodes().heartbeat(id, NodeState.RUNNING, 4));
        clock.advance(Duration.ofSeconds(2));
        NodeRecord read = nodes().nodes(NAME).get(0);
        assertEquals(NodeState.RUNNING, read.state());
        assertEquals(4, read.workers());
        assertEquals(Duration.ofSeconds(2), read.heartbeatAge());
        assertEquals(SettableClock.DEFAULT_START, read.startedAt(), "registration time unchanged");
    }

    @Test
    void aNodeSilentForLongerThanTheLeaseIsNotAliveAndAStoppedOneNeither() {
        long a = nodes().register(agent("host-a", 41), NodeState.RUNNING, 2, LEASE).id();
        long b = nodes().register(agent("host-b", 42), NodeState.RUNNING, 2, LEASE).id();
        clock.advance(LEASE.plusMillis(1));
        assertTrue(nodes().heartbeat(b, NodeState.STOPPED, 0));
        Map<Long, NodeRecord> byId = byId();
        assertFalse(byId.get(a).alive(), "silent for longer than a lease");
        assertFalse(byId.get(b).alive(), "said it exited");
        assertEquals(LEASE.plusMillis(1), byId.get(a).heartbeatAge());
    }

    @Test
    void eachNodeIsJudgedByTheLeaseItRegistered() {
        long shortLease = nodes().register(agent("host-a", 41), NodeState.RUNNING, 2, Duration.ofSeconds(2)).id();
        long longLease = nodes().register(agent("host-b", 42), NodeState.RUNNING, 2, LEASE).id();
        clock.advance(Duration.ofSeconds(3));
        Map<Long, NodeRecord> byId = byId();
        assertEquals(Duration.ofSeconds(2), byId.get(shortLease).lease());
        assertFalse(byId.get(shortLease).alive(), "silent for longer than its own lease of 2 s");
        assertTrue(byId.get(longLease).alive(), "within its own lease of 10 s");
        assertTrue(nodes().heartbeat(shortLease, NodeState.RUNNING, 2));
        assertEquals(Duration.ofSeconds(2), byId().get(shortLease).lease(), "a heartbeat keeps the lease");
        assertTrue(byId().get(shortLease).alive());
    }

    @Test
    void aLeaseShorterThanAMillisecondIsRefusedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nodes().register(agent("host-a", 41), NodeState.IDLE, 0, Duration.ZERO));
        assertTrue(e.getMessage().contains("at least 1 ms; got PT0S"), e.getMessage());
    }

    @Test
    void aStopOutcomeIsRecordedWithItsTimeAndCountsAsAHeartbeat() {
        long id = nodes().register(agent("host-a", 41), NodeState.RUNNING, 2, LEASE).id();
        clock.advance(Duration.ofSeconds(4));
        assertTrue(nodes().recordStop(id, ProcessStopOutcome.Kind.FORCED));
        NodeRecord read = nodes().nodes(NAME).get(0);
        assertEquals(ProcessStopOutcome.Kind.FORCED, read.stopOutcome());
        assertEquals(clock.instant(), read.stopOutcomeAt());
        assertEquals(clock.instant(), read.heartbeatAt());
    }

    @Test
    void silentNodesArePrunedAfterTheKeepTimeAndTheirHeartbeatsThenSayTheRowIsGone() {
        long old = nodes().register(agent("host-a", 41), NodeState.RUNNING, 1, LEASE).id();
        clock.advance(Duration.ofMinutes(30));
        long recent = nodes().register(agent("host-b", 42), NodeState.RUNNING, 1, LEASE).id();
        clock.advance(Duration.ofMinutes(31));
        assertEquals(1, nodes().pruneSilent(NAME, Duration.ofHours(1)));
        assertEquals(List.of(recent), nodes().nodes(NAME).stream().map(NodeRecord::id).toList());
        assertFalse(nodes().heartbeat(old, NodeState.RUNNING, 1));
        assertFalse(nodes().recordStop(old, ProcessStopOutcome.Kind.STOPPED));
        assertEquals(0, nodes().pruneSilent(NAME, Duration.ofHours(1)));
    }

    @Test
    void runningChunksAreCountedByTheirWorker() {
        ChunkStore chunks = stores.chunks();
        chunks.claim(NAME, "worker-1@host-a", LEASE).orElseThrow();
        chunks.claim(NAME, "worker-1@host-a", LEASE).orElseThrow();
        var lease = chunks.claim(NAME, "worker-2@host-b", LEASE).orElseThrow();
        chunks.complete(lease.token(), "done");
        chunks.claim(NAME, "worker-3@host-b", LEASE).orElseThrow();
        assertEquals(Map.of("worker-1@host-a", 2L, "worker-3@host-b", 1L), nodes().runningChunksByWorker(NAME));
    }

    @Test
    void nodesOfAnExplorationTheStoreDoesNotHoldAreRefused() {
        assertThrows(ExplorationNotFoundException.class, () -> nodes().register(
                new NodeIdentity("missing", NodeRole.AGENT, "host-a", "", 41, PROCESS_START), NodeState.IDLE, 0, LEASE));
        assertThrows(ExplorationNotFoundException.class, () -> nodes().nodes("missing"));
    }

    @Test
    void nodesOfOtherExplorationsAreNotListed() {
        stores.chunks().createExploration(ExplorationSpec.of("other", 10, 10));
        nodes().register(new NodeIdentity("other", NodeRole.WORKER, "host-a", "", 43, PROCESS_START),
                NodeState.RUNNING, 0, LEASE);
        nodes().register(agent("host-a", 41), NodeState.IDLE, 0, LEASE);
        assertEquals(List.of(NodeRole.AGENT), nodes().nodes(NAME).stream().map(n -> n.identity().role()).toList());
    }

    @Test
    void anAnnouncementWakesASubscriberAndAWaitWithoutOneTimesOut() throws InterruptedException {
        try (Announcements subscription = nodes().listen(NAME)) {
            nodes().announce(NAME);
            // A store that cannot announce makes subscribers poll: the wait then times out, which is also correct.
            boolean heard = subscription.await(announces() ? Duration.ofSeconds(5) : Duration.ofMillis(50));
            assertEquals(announces(), heard);
            assertFalse(subscription.await(Duration.ofMillis(50)), "no second announcement was made");
        }
    }

    /** Whether this store delivers announcements; a polling store overrides it to return false. */
    protected boolean announces() {
        return true;
    }

    private Map<Long, NodeRecord> byId() {
        return nodes().nodes(NAME).stream().collect(java.util.stream.Collectors.toMap(NodeRecord::id, n -> n));
    }
}
