package dev.chunkcluster.examples.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.chunkcluster.core.status.Health;

import java.util.List;

/**
 * The body of {@code GET /api/cluster/status}, also printed by {@code status --json}.
 *
 * @param state     PROCESSING, PENDING, COMPLETE or IDLE, derived from the chunk counts alone
 * @param isRunning whether any tracked coordinator or worker process of the exploration is alive
 * @param desired   what was last asked for: {@code running} or {@code stopped}
 * @param processes the live tracked processes of this host
 * @param nodes     every registered node on every host (agents), alive or not until pruned; empty without agents
 */
public record StatusBody(String state, @JsonProperty("isRunning") boolean isRunning, String desired,
                         Exploration exploration, Health health, List<ProcessBody> processes, List<NodeBody> nodes) {

    public StatusBody {
        processes = List.copyOf(processes);
        nodes = List.copyOf(nodes);
    }

    /**
     * @param progress tested as a percentage of total, 0 to 100, two decimals
     */
    public record Exploration(String name, long totalCombinations, long testedCombinations, double progress,
                              Chunks chunks) {
    }

    public record Chunks(long total, long completed, long running, long pending, long failed) {
    }

    /**
     * @param staleRunning  running chunks nobody is working on (all of them when no tracked process is alive,
     *                      otherwise those with an expired lease)
     * @param message       one line for a person: what is wrong and what to do, or "ok"
     * @param expiredLeases running chunks whose lease ran out
     * @param liveProcesses tracked processes alive
     * @param lastCheck     the last scheduled health check of this server, null where none ran
     * @param staleNodes    nodes that stopped heartbeating without saying they exited (died or cut off)
     * @param orphanedRunning running chunks held by a worker of a host with no live agent
     * @param silentHosts   hosts whose agent stopped heartbeating while their workers hold running chunks
     */
    public record Health(long staleRunning, String message, long expiredLeases, int liveProcesses,
                         HealthCheckBody lastCheck, List<String> staleNodes, long orphanedRunning,
                         List<String> silentHosts) {

        public Health {
            staleNodes = List.copyOf(staleNodes);
            silentHosts = List.copyOf(silentHosts);
        }
    }
}
