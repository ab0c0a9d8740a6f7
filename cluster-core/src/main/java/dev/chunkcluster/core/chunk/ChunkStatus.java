package dev.chunkcluster.core.chunk;

import java.util.Locale;

/** Where a chunk is in its life. Stored lower-case ({@code pending}, {@code running}, ...). */
public enum ChunkStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED;

    private final String dbValue = name().toLowerCase(Locale.ROOT);

    /** The lower-case value people see when they query the store by hand. */
    public String dbValue() {
        return dbValue;
    }

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
