package dev.chunkcluster.core.chunk;

/**
 * The combinations one chunk covers: {@code [first, first + count)}.
 *
 * @param index the chunk's position in its exploration, from 0
 */
public record ChunkRange(int index, long first, long count) {

    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if {@code index} or {@code first} is negative, or {@code count} is below 1
     */
    public ChunkRange {
        if (index < 0 || first < 0 || count < 1) {
            throw new IllegalArgumentException("chunk range needs index >= 0, first >= 0 and count >= 1; got index "
                    + index + ", first " + first + ", count " + count);
        }
    }

    /** One past the last combination. */
    public long end() {
        return first + count;
    }
}
