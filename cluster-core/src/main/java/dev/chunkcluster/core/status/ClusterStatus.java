package dev.chunkcluster.core.status;

import dev.chunkcluster.core.chunk.DesiredState;

/**
 * Everything a status page shows about one exploration.
 *
 * @param state    the four-state derivation of {@code chunks}
 * @param desired  what the user last asked for
 */
public record ClusterStatus(String exploration, ClusterState state, DesiredState desired, ChunkCounts chunks,
                            Progress progress, Health health) {

    /** The status with its {@link ClusterState} derived from {@code chunks}. */
    public static ClusterStatus of(String exploration, DesiredState desired, ChunkCounts chunks, Progress progress,
                                   Health health) {
        return new ClusterStatus(exploration, ClusterState.of(chunks), desired, chunks, progress, health);
    }

    /** Work is going on or asked for: desired running and not finished. */
    public boolean isRunning() {
        return desired == DesiredState.RUNNING && (state == ClusterState.PROCESSING || state == ClusterState.PENDING);
    }

    /** "PENDING (3 pending)", "PROCESSING", ... */
    public String describeState() {
        return state == ClusterState.PENDING ? state + " (" + chunks.pending() + " pending)" : state.toString();
    }
}
