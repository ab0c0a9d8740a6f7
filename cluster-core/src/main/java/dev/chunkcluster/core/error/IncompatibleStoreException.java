package dev.chunkcluster.core.error;

/** The store is not one this library can use: not a database, corrupt, or a newer schema version. */
public final class IncompatibleStoreException extends ChunkClusterException {

    /** An exception with {@code message}, which names the thing, the cause and the fix. */
    public IncompatibleStoreException(String message) {
        super(message);
    }

    /** An exception with {@code message} caused by {@code cause}. */
    public IncompatibleStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
