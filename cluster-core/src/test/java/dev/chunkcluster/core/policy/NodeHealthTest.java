package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health across hosts from rows alone: silent hosts with chunks, chunks without a live node, stale nodes. */
class NodeHealthTest {

    private static final Duration LEASE = Duration.ofSeconds(10);

    private static NodeRecord agent(String host, Duration age, NodeState state) {
        return node(NodeRole.AGENT, host, age, state);
    }

    private static NodeRecord node(NodeRole role, String host, Duration age, NodeState state) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new NodeRecord(host.length(), new NodeIdentity("sweep", role, host, "", 40, at), at, at,
                age, LEASE, state, 2, null, null);
    }

    @Test
    void aSilentHostWithChunksAndChunksWithoutALiveNodeAreFlagged() {
        NodeHealth health = NodeHealth.of(List.of(agent("alive", Duration.ofSeconds(1), NodeState.RUNNING),
                        agent("silent", Duration.ofSeconds(30), NodeState.RUNNING),
                        agent("exited", Duration.ofHours(1), NodeState.STOPPED)),
                Map.of("worker-1@alive", 2L, "worker-2@silent", 3L, "worker-3@unknown", 1L, "worker-4", 5L));

        assertEquals(List.of("agent pid 40 on silent"), health.staleNodes());
        assertEquals(4, health.orphanedRunning(), "silent's 3 and unknown's 1; a local worker is judged locally");
        assertEquals(List.of("silent"), health.silentHostsWithChunks());
        assertTrue(health.message().contains("silent stopped heartbeating while holding chunks"), health.message());
    }

    @Test
    void aLiveWorkerRowKeepsItsHostsChunksAndADeadWorkerIsNotAStaleNode() {
        NodeHealth health = NodeHealth.of(List.of(node(NodeRole.WORKER, "agentless", Duration.ofSeconds(1),
                                NodeState.RUNNING),
                        node(NodeRole.WORKER, "dead", Duration.ofMinutes(5), NodeState.RUNNING),
                        node(NodeRole.COORDINATOR, "coordinated", Duration.ZERO, NodeState.RUNNING)),
                Map.of("worker-1@agentless", 2L, "worker-2@dead", 3L, "worker-3@coordinated", 1L));

        assertEquals(List.of(), health.staleNodes(), "a crashed worker is replaced; its lease frees its chunks");
        assertEquals(4, health.orphanedRunning(), "dead's 3 and coordinated's 1: a coordinator holds no chunks");
        assertEquals(List.of(), health.silentHostsWithChunks(), "no agent went silent");
    }

    @Test
    void liveAgentsAndTheirChunksAreHealthy() {
        NodeHealth health = NodeHealth.of(List.of(agent("a", Duration.ZERO, NodeState.IDLE)),
                Map.of("worker-1@a", 1L));
        assertTrue(health.healthy());
        assertEquals("ok", health.message());
        assertNull(NodeHealth.hostOf("worker-7"));
    }
}
