package dev.chunkcluster.core.policy;

/**
 * What a worker loop did before it ended.
 *
 * @param completed chunks whose result was recorded
 * @param failed    chunks whose handler threw (recorded as a failure)
 * @param abandoned chunks given up because the lease was lost
 */
public record WorkerSummary(long completed, long failed, long abandoned, ExitReason reason) {

    /** Why the loop ended. */
    public enum ExitReason {
        /** Nothing was left to claim. */
        DRAINED,
        /** The exploration's desired state is stopped. */
        STOPPED,
        /** {@link WorkerLoop#shutdown(java.time.Duration)} was called (SIGTERM). */
        SHUTDOWN
    }
}
