package dev.chunkcluster.core.error;

/**
 * Root of every exception ChunkCluster throws. Unchecked: the caller decides where to handle it.
 * Messages name the thing, the cause and the fix.
 */
public class ChunkClusterException extends RuntimeException {

    /** An exception with {@code message}, which names the thing, the cause and the fix. */
    public ChunkClusterException(String message) {
        super(message);
    }

    /** An exception with {@code message} caused by {@code cause}, typically a driver or I/O exception. */
    public ChunkClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
