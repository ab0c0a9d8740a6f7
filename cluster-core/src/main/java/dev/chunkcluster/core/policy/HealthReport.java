package dev.chunkcluster.core.policy;

/**
 * What a health check found and fixed.
 *
 * @param expiredRequeued running chunks with an expired lease put back to pending
 * @param expiredFailed   running chunks with an expired lease that reached max failures and are now failed
 * @param orphanedReset   running chunks reset because no tracked process was alive
 * @param liveProcesses   tracked processes alive, or -1 when processes were not checked
 */
public record HealthReport(long expiredRequeued, long expiredFailed, long orphanedReset, int liveProcesses) {

    /** Every chunk the check put back or gave up: requeued, failed and reset. */
    public long fixed() {
        return expiredRequeued + expiredFailed + orphanedReset;
    }

    /** One line for a person. */
    public String message() {
        if (fixed() == 0) {
            return "healthy: nothing to fix";
        }
        return "reset " + expiredRequeued + " chunks with an expired lease to pending, marked " + expiredFailed
                + " failed after max failures, and reset " + orphanedReset
                + " running chunks that no live process was working on";
    }
}
