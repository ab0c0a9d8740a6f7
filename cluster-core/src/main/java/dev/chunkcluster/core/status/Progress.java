package dev.chunkcluster.core.status;

/**
 * Tested combinations out of the total: completed chunks count whole, running chunks count their reported
 * {@code tested}.
 */
public record Progress(long tested, long total) {

    /**
     * Checks the numbers.
     *
     * @throws IllegalArgumentException unless {@code 0 <= tested <= total}
     */
    public Progress {
        if (total < 0 || tested < 0 || tested > total) {
            throw new IllegalArgumentException("progress needs 0 <= tested <= total; got tested " + tested
                    + ", total " + total);
        }
    }

    /** Tested as a fraction of total, 0 to 1; 0 for an empty exploration. */
    public double fraction() {
        return total == 0 ? 0.0 : (double) tested / total;
    }

    /** Tested as a percentage of total, 0 to 100. */
    public double percent() {
        return fraction() * 100.0;
    }

    /** "2048/4096 (50.00 %)". */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d/%d (%.2f %%)", tested, total, percent());
    }
}
