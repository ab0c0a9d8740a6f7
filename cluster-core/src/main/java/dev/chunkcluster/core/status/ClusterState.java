package dev.chunkcluster.core.status;

/**
 * The four states an exploration shows, derived from chunk counts alone:
 * <ol>
 *   <li>running &gt; 0 → {@link #PROCESSING}</li>
 *   <li>else pending &gt; 0 → {@link #PENDING}</li>
 *   <li>else total &gt; 0 and completed = total → {@link #COMPLETE}</li>
 *   <li>else → {@link #IDLE} (nothing queued; includes "finished with N failed")</li>
 * </ol>
 */
public enum ClusterState {
    /** Some chunks are running. */
    PROCESSING,
    /** None is running, some wait to be claimed. */
    PENDING,
    /** Every chunk is completed. */
    COMPLETE,
    /** Nothing is queued or running, and not all chunks completed (some failed), or there are none. */
    IDLE;

    /** The state {@code counts} show, by the rules above, in their order. */
    public static ClusterState of(ChunkCounts counts) {
        if (counts.running() > 0) {
            return PROCESSING;
        }
        if (counts.pending() > 0) {
            return PENDING;
        }
        if (counts.total() > 0 && counts.completed() == counts.total()) {
            return COMPLETE;
        }
        return IDLE;
    }
}
