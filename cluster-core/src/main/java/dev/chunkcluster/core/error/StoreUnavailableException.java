package dev.chunkcluster.core.error;

/** The chunk store could not be read or written: busy past its timeout, I/O error, disk full. */
public class StoreUnavailableException extends ChunkClusterException {

    /** An exception with {@code message} caused by {@code cause}. */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception with {@code message}, which names the thing, the cause and the fix. */
    public StoreUnavailableException(String message) {
        super(message);
    }
}
