package dev.chunkcluster.examples.http;

import java.util.Map;

/** A request the service refuses: the status code and one line for the caller. */
final class HttpError extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    HttpError(int status, String message) {
        this(status, message, Map.of());
    }

    HttpError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
