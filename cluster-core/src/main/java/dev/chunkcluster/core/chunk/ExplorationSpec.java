package dev.chunkcluster.core.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * What an exploration is: a name, a number of combinations and how they are cut into chunks.
 * Chunk {@code i} covers combinations {@code [i * chunkSize, min(total, (i + 1) * chunkSize))}; together the chunks
 * cover every combination exactly once.
 *
 * @param name              a name unique in its store, 1 to 200 characters
 * @param totalCombinations how many combinations, at least 1
 * @param chunkSize         combinations per chunk, at least 1 (the last chunk may be smaller)
 * @param maxFailures       failures (errors or expired leases) after which a chunk is {@code failed}, at least 1
 */
public record ExplorationSpec(String name, long totalCombinations, long chunkSize, int maxFailures) {

    /** Failures after which a chunk is given up as failed, unless configured otherwise. */
    public static final int DEFAULT_MAX_FAILURES = 3;

    /** The largest number of chunks one exploration may have. */
    public static final long MAX_CHUNKS = 50_000_000L;

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException if a value is out of its range, or the exploration would have more than
     *                                  {@link #MAX_CHUNKS} chunks; the message names the value
     */
    public ExplorationSpec {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("exploration name must be 1 to 200 characters, not blank; got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (totalCombinations < 1) {
            throw new IllegalArgumentException("exploration '" + name + "': totalCombinations must be at least 1; got "
                    + totalCombinations);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("exploration '" + name + "': chunkSize must be at least 1; got " + chunkSize);
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("exploration '" + name + "': maxFailures must be at least 1; got "
                    + maxFailures);
        }
        long chunks = (totalCombinations + chunkSize - 1) / chunkSize;
        if (chunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("exploration '" + name + "': " + totalCombinations + " combinations in chunks of "
                    + chunkSize + " make " + chunks + " chunks, more than " + MAX_CHUNKS + "; use a larger chunk size");
        }
    }

    /**
     * A spec with the default of {@value #DEFAULT_MAX_FAILURES} max failures.
     *
     * @throws IllegalArgumentException if a value is out of its range (see the record's parameters)
     */
    public static ExplorationSpec of(String name, long totalCombinations, long chunkSize) {
        return new ExplorationSpec(name, totalCombinations, chunkSize, DEFAULT_MAX_FAILURES);
    }

    /**
     * This spec with another max failures.
     *
     * @throws IllegalArgumentException if {@code maxFailures} is below 1
     */
    public ExplorationSpec withMaxFailures(int maxFailures) {
        return new ExplorationSpec(name, totalCombinations, chunkSize, maxFailures);
    }

    /** How many chunks the combinations make: the last one may be smaller than the chunk size. */
    public int chunkCount() {
        return (int) ((totalCombinations + chunkSize - 1) / chunkSize);
    }

    /**
     * The combinations chunk {@code index} covers.
     *
     * @throws IndexOutOfBoundsException if there is no chunk {@code index}
     */
    public ChunkRange range(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IndexOutOfBoundsException("exploration '" + name + "' has chunks 0 to " + (chunkCount() - 1)
                    + "; no chunk " + index);
        }
        long first = index * chunkSize;
        return new ChunkRange(index, first, Math.min(chunkSize, totalCombinations - first));
    }

    /** Every chunk's range, in order. */
    public List<ChunkRange> ranges() {
        int count = chunkCount();
        List<ChunkRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ranges.add(range(i));
        }
        return List.copyOf(ranges);
    }

    /** A short human description: "4096 combinations in chunks of 1366, max failures 3". */
    public String describe() {
        return totalCombinations + " combinations in chunks of " + chunkSize + ", max failures " + maxFailures;
    }
}
