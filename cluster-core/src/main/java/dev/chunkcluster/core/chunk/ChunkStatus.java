package dev.chunkcluster.core.chunk;

import java.util.Locale;

/** Where a chunk is in its life. Stored lower-case ({@code pending}, {@code running}, ...). */
public enum ChunkStatus {
    /** Waiting to be claimed. */
    PENDING,
    /** Claimed by a worker under a lease. */
    RUNNING,
    /** Its result is recorded; final. */
    COMPLETED,
    /** Given up after the exploration's max failures; a retry puts it back to pending. */
    FAILED;

    private final String dbValue = name().toLowerCase(Locale.ROOT);

    /** The lower-case value people see when they query the store by hand. */
    public String dbValue() {
        return dbValue;
    }

    /**
     * The status stored as {@code value}.
     *
     * @param value a lower-case status as {@link #dbValue()} gives it
     * @return the status
     * @throws IllegalArgumentException if {@code value} is not one of the four stored values
     */
    public static ChunkStatus fromDbValue(String value) {
        for (ChunkStatus status : values()) {
            if (status.dbValue.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown chunk status '" + value
                + "'; expected one of pending, running, completed, failed");
    }
}
