package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.core.status.ClusterStatus;

import java.util.List;
import java.util.Optional;

/**
 * The status of the exploration and its live tracked processes, as types: what the command line and the monitor of
 * {@code explore} work on. {@link StatusBody} is its rendering for JSON.
 */
public record ClusterView(ClusterStatus status, List<TrackedProcess> live) {

    public ClusterView {
        live = List.copyOf(live);
    }

    public long alive(ProcessRole role) {
        return live.stream().filter(p -> p.role() == role).count();
    }

    public Optional<TrackedProcess> coordinator() {
        return live.stream().filter(p -> p.role() == ProcessRole.COORDINATOR).findFirst();
    }
}
