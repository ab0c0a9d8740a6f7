package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cross-host half of a Stop: after the database step (which every agent obeys, since it reads the desired state),
 * announce it and wait for each agent's recorded outcome. Call {@link #before} first, then the Stop's database step,
 * then {@link #await}.
 *
 * <p>An agent that was not alive before the Stop, or that gives no outcome in time, is reported
 * {@link NodeStopResult.Outcome#UNREACHABLE}; an agent that was idle with no workers is
 * {@link NodeStopResult.Outcome#ALREADY_GONE} at once, which makes a second Stop quick.
 */
public final class NodeStops {

    /** How long, beyond the grace period, a Stop waits for the agents' outcomes unless told otherwise. */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(NodeStops.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final NodeRegistry nodes;
    private final Clock clock;

    /**
     * Judges each node alive by the lease it registered.
     *
     * @param clock measures the wait (only its passing, never compared with the store's times)
     */
    public NodeStops(NodeRegistry nodes, Clock clock) {
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The agents as they were before the Stop, read on the store's clock. */
    public Before before(String exploration) {
        List<NodeRecord> agents = nodes.nodes(exploration).stream()
                .filter(n -> n.identity().role() == NodeRole.AGENT && n.state() != NodeState.STOPPED).toList();
        Instant storeNow = agents.stream().map(n -> n.heartbeatAt().plus(n.heartbeatAge())).max(Instant::compareTo)
                .orElse(Instant.MIN);
        return new Before(agents, storeNow);
    }

    /**
     * The agents before a Stop, and the store's time then: an outcome recorded at or after it answers this Stop.
     */
    public record Before(List<NodeRecord> agents, Instant storeNow) {
        /** Copies the list. */
        public Before {
            agents = List.copyOf(agents);
        }
    }

    /**
     * Announces the Stop and waits up to {@code wait} for the outcome of each agent of {@code before}.
     *
     * @return one result per agent, in the order of {@code before}
     */
    public List<NodeStopResult> await(String exploration, Before before, Duration wait) throws InterruptedException {
        if (before.agents().isEmpty()) {
            return List.of();
        }
        try {
            nodes.announce(exploration);
        } catch (ChunkClusterException e) {
            log.warn("exploration '{}': could not announce the Stop ({}); agents find it within their poll interval",
                    exploration, e.getMessage());
        }
        Map<Long, NodeStopResult> results = new LinkedHashMap<>();
        List<NodeRecord> waiting = new ArrayList<>();
        for (NodeRecord agent : before.agents()) {
            if (!agent.alive()) {
                results.put(agent.id(), unreachable(agent, "no heartbeat for " + agent.heartbeatAge().toMillis()
                        + " ms, longer than its lease of " + agent.lease().toMillis()
                        + " ms: its chunks are pending again and its late writes are refused"));
            } else if (agent.state() == NodeState.IDLE && agent.workers() == 0) {
                results.put(agent.id(), new NodeStopResult(agent, NodeStopResult.Outcome.ALREADY_GONE,
                        "no workers on " + agent.identity().host()));
            } else {
                waiting.add(agent);
            }
        }
        Instant deadline = clock.instant().plus(wait);
        while (!waiting.isEmpty()) {
            Map<Long, NodeRecord> now = new LinkedHashMap<>();
            for (NodeRecord node : nodes.nodes(exploration)) {
                now.put(node.id(), node);
            }
            for (NodeRecord agent : List.copyOf(waiting)) {
                NodeRecord current = now.get(agent.id());
                if (current == null || !current.alive() && current.state() != NodeState.STOPPED) {
                    results.put(agent.id(), unreachable(agent, "stopped heartbeating during the Stop"));
                    waiting.remove(agent);
                } else if (current.stopOutcome() != null && current.stopOutcomeAt() != null
                        && !current.stopOutcomeAt().isBefore(before.storeNow())) {
                    results.put(agent.id(), new NodeStopResult(current,
                            NodeStopResult.Outcome.valueOf(current.stopOutcome().name()),
                            "workers of " + current.identity().host()));
                    waiting.remove(agent);
                } else if (current.state() == NodeState.STOPPED) {
                    results.put(agent.id(), new NodeStopResult(current, NodeStopResult.Outcome.STOPPED,
                            "the agent itself exited"));
                    waiting.remove(agent);
                }
            }
            if (waiting.isEmpty() || !clock.instant().isBefore(deadline)) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        for (NodeRecord agent : waiting) {
            results.put(agent.id(), unreachable(agent, "no outcome within " + wait.toMillis() + " ms"));
        }
        List<NodeStopResult> ordered = new ArrayList<>();
        for (NodeRecord agent : before.agents()) {
            ordered.add(results.get(agent.id()));
        }
        log.info("exploration '{}': Stop reached {} agents: {}", exploration, ordered.size(),
                ordered.stream().map(r -> r.node().identity().host() + " " + r.outcome().label()).toList());
        return ordered;
    }

    private static NodeStopResult unreachable(NodeRecord agent, String detail) {
        return new NodeStopResult(agent, NodeStopResult.Outcome.UNREACHABLE, detail);
    }
}
