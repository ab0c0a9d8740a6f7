package dev.chunkcluster.core.error;

/** The store stayed locked by other writers for longer than the configured timeout. */
public final class StoreBusyException extends StoreUnavailableException {

    /** An exception with {@code message} caused by {@code cause}, the driver's busy or locked error. */
    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
