package dev.chunkcluster.core.port;

/**
 * What reaping expired leases did.
 *
 * @param requeued chunks put back to pending, one failure added
 * @param failed   chunks that reached their max failures and are now failed
 */
public record ExpiryResult(long requeued, long failed) {

    /** Every chunk whose expired lease was reaped, requeued or failed. */
    public long total() {
        return requeued + failed;
    }
}
