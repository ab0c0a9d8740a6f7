package dev.chunkcluster.examples.http;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.examples.api.ErrorBody;
import dev.chunkcluster.examples.api.ExplorationMissingException;
import dev.chunkcluster.examples.api.Json;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Every response of the service: its security headers, JSON bodies, and the one mapping of failures to codes. */
final class Responses {

    static final String JSON_TYPE = "application/json; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final int MAX_QUOTED = 60;

    private Responses() {
    }

    static void json(Response response, Callback callback, int status, Object body) {
        send(response, callback, status, JSON_TYPE, (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        secure(headers);
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The headers every response carries, errors included. */
    static void secure(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    /** The JSON body of an error. */
    static byte[] errorBody(int status, String message) {
        return (Json.write(new ErrorBody(status, message)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Answers {@code failure} with its status and a JSON error; never a stack trace, never an exception's class. */
    static void fail(Request request, Response response, Callback callback, Throwable failure) {
        int status;
        String message;
        Map<String, String> headers = Map.of();
        if (failure instanceof HttpError e) {
            status = e.status();
            message = e.getMessage();
            headers = e.headers();
        } else if (failure instanceof ExplorationNotFoundException || failure instanceof ExplorationMissingException) {
            status = 404;
            message = failure.getMessage();
        } else if (failure instanceof ChunkClusterException) {
            log.warn("{} {}: {}", request.getMethod(), quote(Request.getPathInContext(request)),
                    quote(failure.getMessage()));
            status = 503;
            message = failure.getMessage();
        } else {
            log.error("{} {} failed", request.getMethod(), quote(Request.getPathInContext(request)), failure);
            status = 500;
            message = "internal error; the server log has the details";
        }
        if (response.isCommitted()) {
            callback.failed(failure);
            return;
        }
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        send(response, callback, status, JSON_TYPE, errorBody(status, message));
    }

    /** Text from a request, fit to quote in a message or a log line: control characters replaced, length bounded. */
    static String quote(String text) {
        if (text == null) {
            return "none";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_QUOTED ? clean : clean.substring(0, MAX_QUOTED - 3) + "...";
    }
}
