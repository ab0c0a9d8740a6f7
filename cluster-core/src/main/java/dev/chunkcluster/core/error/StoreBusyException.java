package dev.chunkcluster.core.error;

/** The store stayed locked by other writers for longer than the configured timeout. */
public final class StoreBusyException extends StoreUnavailableException {

    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
