package dev.chunkcluster.core.status;

import dev.chunkcluster.core.chunk.ChunkStatus;

/** How many chunks an exploration has in each status. */
public record ChunkCounts(long total, long pending, long running, long completed, long failed) {

    /** No chunks at all. */
    public static final ChunkCounts EMPTY = new ChunkCounts(0, 0, 0, 0, 0);

    /**
     * Checks that the counts add up.
     *
     * @throws IllegalArgumentException if a count is negative or {@code total} is not the sum of the four others
     */
    public ChunkCounts {
        if (pending < 0 || running < 0 || completed < 0 || failed < 0) {
            throw new IllegalArgumentException("chunk counts cannot be negative: " + describe(total, pending, running, completed, failed));
        }
        if (total != pending + running + completed + failed) {
            throw new IllegalArgumentException("total must equal pending + running + completed + failed: "
                    + describe(total, pending, running, completed, failed));
        }
    }

    /** Counts from the four per-status numbers; the total is their sum. */
    public static ChunkCounts of(long pending, long running, long completed, long failed) {
        return new ChunkCounts(pending + running + completed + failed, pending, running, completed, failed);
    }

    /** How many chunks are in {@code status}. */
    public long count(ChunkStatus status) {
        return switch (status) {
            case PENDING -> pending;
            case RUNNING -> running;
            case COMPLETED -> completed;
            case FAILED -> failed;
        };
    }

    /** "total 64, pending 60, running 2, completed 2, failed 0". */
    @Override
    public String toString() {
        return describe(total, pending, running, completed, failed);
    }

    private static String describe(long total, long pending, long running, long completed, long failed) {
        return "total " + total + ", pending " + pending + ", running " + running + ", completed " + completed
                + ", failed " + failed;
    }
}
