package dev.chunkcluster.core.error;

/** A process could not be launched or inspected. */
public final class ProcessControlException extends ChunkClusterException {

    public ProcessControlException(String message) {
        super(message);
    }

    public ProcessControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
