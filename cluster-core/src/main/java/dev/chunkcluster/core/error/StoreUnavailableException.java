package dev.chunkcluster.core.error;

/** The chunk store could not be read or written: busy past its timeout, I/O error, disk full. */
public class StoreUnavailableException extends ChunkClusterException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
