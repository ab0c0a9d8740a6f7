package dev.chunkcluster.core.error;

/** The store is not one this library can use: not a database, corrupt, or a newer schema version. */
public final class IncompatibleStoreException extends ChunkClusterException {

    public IncompatibleStoreException(String message) {
        super(message);
    }

    public IncompatibleStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
