package dev.chunkcluster.examples.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The errors the server itself finds before any route runs (a malformed request line or header, headers too large,
 * an ambiguous path, a read that timed out): answered as JSON like every other error, never as an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
        Object reason = request.getAttribute(ERROR_MESSAGE);
        Responses.send(response, callback, status, Responses.JSON_TYPE,
                Responses.errorBody(status, describe(status, reason == null ? null : reason.toString())));
        return true;
    }

    /** Used for a request too malformed to be handed to a handler: the body of the error the connection sends. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Responses.secure(fields);
        fields.put(HttpHeader.CONTENT_TYPE, Responses.JSON_TYPE);
        return ByteBuffer.wrap(Responses.errorBody(status, describe(status, reason)));
    }

    static String describe(int status, String reason) {
        String detail = reason == null || reason.isBlank() ? "" : " (" + Responses.quote(reason) + ")";
        return switch (status) {
            case 400 -> "malformed HTTP request" + detail + "; send a plain HTTP/1.1 request";
            case 408 -> "the request did not arrive within the read timeout" + detail;
            case 414 -> "the request line is too long" + detail;
            case 431 -> "the request headers are larger than " + ApiServer.MAX_HEADER_BYTES + " bytes" + detail;
            default -> (HttpStatus.getMessage(status) == null ? "HTTP error" : HttpStatus.getMessage(status)) + detail;
        };
    }
}
