package dev.chunkcluster.core.error;

/** A process could not be launched or inspected. */
public final class ProcessControlException extends ChunkClusterException {

    /** An exception with {@code message}, which names the thing, the cause and the fix. */
    public ProcessControlException(String message) {
        super(message);
    }

    /** An exception with {@code message} caused by {@code cause}. */
    public ProcessControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
