package dev.chunkcluster.core.port;

/**
 * What a reset of running chunks did.
 *
 * @param reset        running chunks put back to pending
 * @param pendingAfter pending chunks after the reset, read in the same transaction
 */
public record ResetResult(long reset, long pendingAfter) {
}
