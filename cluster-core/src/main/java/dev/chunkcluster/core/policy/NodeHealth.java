package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Health across hosts, computed from the node rows and the running chunks alone, so every host computes the same.
 * A worker an agent launched names itself {@code NAME@HOST}; its chunks belong to that host. A host counts as live
 * while its agent or one of its workers heartbeats within its lease.
 *
 * @param staleNodes          agents that have not said they exited but stopped heartbeating (died or cut off); a
 *                            crashed worker is not listed, its supervisor replaces it and its lease frees its chunks
 * @param orphanedRunning     running chunks held by a worker of a host with no live agent and no live worker
 * @param silentHostsWithChunks hosts whose agent stopped heartbeating while their workers hold running chunks
 */
public record NodeHealth(List<String> staleNodes, long orphanedRunning, List<String> silentHostsWithChunks) {

    /** Copies the lists. */
    public NodeHealth {
        staleNodes = List.copyOf(staleNodes);
        silentHostsWithChunks = List.copyOf(silentHostsWithChunks);
    }

    /**
     * @param runningByWorker running chunks by their lease holder
     */
    public static NodeHealth of(List<NodeRecord> nodes, Map<String, Long> runningByWorker) {
        List<String> stale = nodes.stream()
                .filter(n -> n.identity().role() == NodeRole.AGENT && n.state() != NodeState.STOPPED && !n.alive())
                .map(n -> n.identity().toString()).toList();
        Set<String> liveHosts = nodes.stream()
                .filter(n -> n.identity().role() != NodeRole.COORDINATOR && n.alive())
                .map(n -> n.identity().host()).collect(Collectors.toSet());
        Set<String> silentHosts = nodes.stream()
                .filter(n -> n.identity().role() == NodeRole.AGENT && n.state() != NodeState.STOPPED
                        && !n.alive())
                .map(n -> n.identity().host()).collect(Collectors.toSet());
        long orphaned = 0;
        Set<String> silentWithChunks = new TreeSet<>();
        for (Map.Entry<String, Long> holder : runningByWorker.entrySet()) {
            String host = hostOf(holder.getKey());
            if (host == null || liveHosts.contains(host)) {
                continue;
            }
            orphaned += holder.getValue();
            if (silentHosts.contains(host)) {
                silentWithChunks.add(host);
            }
        }
        return new NodeHealth(stale, orphaned, List.copyOf(silentWithChunks));
    }

    /** The host in a worker's name {@code NAME@HOST}, or null for a worker no agent launched. */
    public static String hostOf(String worker) {
        int at = worker.lastIndexOf('@');
        return at < 0 || at == worker.length() - 1 ? null : worker.substring(at + 1);
    }

    /** Whether anything is wrong across hosts. */
    public boolean healthy() {
        return staleNodes.isEmpty() && orphanedRunning == 0 && silentHostsWithChunks.isEmpty();
    }

    /** One line for a person: what is wrong and what happens next, or "ok". */
    public String message() {
        if (healthy()) {
            return "ok";
        }
        StringBuilder message = new StringBuilder();
        if (!silentHostsWithChunks.isEmpty()) {
            message.append("host(s) ").append(String.join(", ", silentHostsWithChunks))
                    .append(" stopped heartbeating while holding chunks; ");
        }
        if (orphanedRunning > 0) {
            message.append(orphanedRunning).append(" running chunk(s) have no live node: they go back to pending "
                    + "when their lease runs out; ");
        }
        if (!staleNodes.isEmpty()) {
            message.append(staleNodes.size()).append(" node(s) stopped heartbeating: ")
                    .append(String.join(", ", staleNodes)).append("; ");
        }
        message.append("check those hosts and their agents (systemctl status chunkcluster-agent)");
        return message.toString();
    }
}
