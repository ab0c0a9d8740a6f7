package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.InMemoryNodeRegistry;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Stop report per agent: answered, idle, silent before the Stop, or silent after it. */
class NodeStopsTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock();
    private final InMemoryChunkStore store = new InMemoryChunkStore(clock);
    private final InMemoryNodeRegistry nodes = new InMemoryNodeRegistry(store, clock);
    private final NodeStops stops = new NodeStops(nodes, clock);

    private long agent(String host, NodeState state, int workers) {
        return nodes.register(new NodeIdentity(NAME, NodeRole.AGENT, host, "", 40 + host.length(), Instant.EPOCH),
                state, workers, LEASE).id();
    }

    @Test
    void eachAgentIsReportedWithWhatItDidOrWhyItCouldNotAnswer() throws InterruptedException {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        long dead = agent("dead-host", NodeState.RUNNING, 2);
        clock.advance(LEASE.plusSeconds(1));
        long answering = agent("a", NodeState.RUNNING, 2);
        long idle = agent("idle-b", NodeState.IDLE, 0);
        long silent = agent("silent-c", NodeState.RUNNING, 1);
        nodes.recordStop(answering, ProcessStopOutcome.Kind.FORCED); // an outcome of an earlier Stop
        clock.advance(Duration.ofMillis(1));

        NodeStops.Before before = stops.before(NAME);
        nodes.recordStop(answering, ProcessStopOutcome.Kind.STOPPED);
        List<NodeStopResult> results = stops.await(NAME, before, Duration.ZERO);

        assertEquals(List.of(dead, answering, idle, silent), results.stream().map(r -> r.node().id()).toList());
        assertEquals(List.of(NodeStopResult.Outcome.UNREACHABLE, NodeStopResult.Outcome.STOPPED,
                        NodeStopResult.Outcome.ALREADY_GONE, NodeStopResult.Outcome.UNREACHABLE),
                results.stream().map(NodeStopResult::outcome).toList());
        assertTrue(results.get(0).detail().contains("longer than its lease of 10000 ms"), results.get(0).detail());
        assertTrue(results.get(3).detail().contains("no outcome within 0 ms"), results.get(3).detail());
    }

    @Test
    void withNoAgentsThereIsNothingToWaitFor() throws InterruptedException {
        store.createExploration(ExplorationSpec.of(NAME, 100, 10));
        assertEquals(List.of(), stops.await(NAME, stops.before(NAME), Duration.ofHours(1)));
    }
}
