package dev.chunkcluster.core.error;

/** The store cannot be written by this process, for example because of file ownership or modes. */
public final class ReadOnlyStoreException extends ChunkClusterException {

    public ReadOnlyStoreException(String message) {
        super(message);
    }

    public ReadOnlyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
