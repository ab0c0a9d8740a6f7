package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.port.NodeRecord;

import java.util.Locale;

/**
 * A registered node (an agent, a coordinator or a worker, on its host) as the status shows it.
 *
 * @param host           the host's name (its agent's {@code --name}, else the kernel's host name)
 * @param role           {@code agent}, {@code coordinator} or {@code worker}
 * @param alive          whether it heartbeat within its own lease and has not exited
 * @param leaseMs        the lease it runs with, in milliseconds
 * @param heartbeatAgeMs milliseconds since its last heartbeat, on the database's clock
 * @param workers        the workers it keeps alive now
 * @param state          {@code running}, {@code idle} or {@code stopped} (exited), as it last said
 * @param heartbeatAt    its last heartbeat, ISO-8601
 * @param lastStop       what it did for the last Stop it heard ({@code stopped}, {@code forced},
 *                       {@code already gone}, {@code failed}), null if none
 */
public record NodeBody(long id, String host, String role, long pid, boolean alive, long leaseMs, long heartbeatAgeMs,
                       int workers, String state, String bootId, String startedAt, String heartbeatAt, String lastStop,
                       String lastStopAt) {

    public static NodeBody of(NodeRecord node) {
        return new NodeBody(node.id(), node.identity().host(), node.identity().role().dbValue(), node.identity().pid(),
                node.alive(), node.lease().toMillis(), node.heartbeatAge().toMillis(), node.workers(),
                node.state().dbValue(),
                node.identity().bootId(), node.startedAt().toString(), node.heartbeatAt().toString(),
                node.stopOutcome() == null ? null : node.stopOutcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                node.stopOutcomeAt() == null ? null : node.stopOutcomeAt().toString());
    }
}
