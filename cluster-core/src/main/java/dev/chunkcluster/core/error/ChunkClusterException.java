package dev.chunkcluster.core.error;

/**
 * Root of every exception ChunkCluster throws. Unchecked: the caller decides where to handle it.
 * Messages name the thing, the cause and the fix.
 */
public class ChunkClusterException extends RuntimeException {

    public ChunkClusterException(String message) {
        super(message);
    }

    public ChunkClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
