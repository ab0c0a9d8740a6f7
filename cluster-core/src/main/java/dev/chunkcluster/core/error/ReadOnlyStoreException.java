package dev.chunkcluster.core.error;

/** The store cannot be written by this process, for example because of file ownership or modes. */
public final class ReadOnlyStoreException extends ChunkClusterException {

    /** An exception with {@code message}, which names the thing, the cause and the fix. */
    public ReadOnlyStoreException(String message) {
        super(message);
    }

    /** An exception with {@code message} caused by {@code cause}. */
    public ReadOnlyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
