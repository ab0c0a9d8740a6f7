package dev.chunkcluster.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code POST /api/cluster/control} with {@code {"action": "start"|"stop"}}. The body is read without holding a
 * thread (a client sending it slowly costs a socket, not a worker), then the action runs on a server thread. One
 * action at a time: a second one while the first runs is a 409 rather than a thread waiting for it.
 */
final class ControlRoute implements Route {

    private static final Logger log = LoggerFactory.getLogger(ControlRoute.class);

    private static final String USAGE = "send {\"action\": \"start\"} or {\"action\": \"stop\"}";

    private final ClusterApi api;
    private final ReentrantLock running = new ReentrantLock();

    ControlRoute(ClusterApi api) {
        this.api = api;
    }

    @Override
    public List<String> methods() {
        return List.of("POST");
    }

    @Override
    public void handle(Request request, Response response, Callback callback) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new HttpError(415, "the control endpoint accepts only Content-Type: application/json; got "
                    + (contentType == null ? "none" : "'" + Responses.quote(contentType) + "'"));
        }
        if (request.getLength() > ApiServer.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        Content.Source.asByteArrayAsync(request, ApiServer.MAX_BODY_BYTES).whenCompleteAsync((body, failure) -> {
            try {
                if (failure != null) {
                    throw failure instanceof IllegalArgumentException ? tooLarge() : new HttpError(408, "the body"
                            + " did not arrive in time (" + Responses.quote(failure.getMessage()) + "); " + USAGE);
                }
                answer(request, response, callback, body);
            } catch (Throwable e) {
                Responses.fail(request, response, callback, e);
            }
        }, request.getComponents().getExecutor());
    }

    private void answer(Request request, Response response, Callback callback, byte[] body) {
        String action = action(body);
        if (!action.equals("start") && !action.equals("stop")) {
            throw new HttpError(400, "unknown action '" + Responses.quote(action) + "'; use \"start\" or \"stop\"");
        }
        if (!running.tryLock()) {
            throw new HttpError(409, "another Start or Stop is still running; send " + action + " again once it"
                    + " has finished");
        }
        ControlBody result;
        try {
            result = action.equals("start") ? api.start() : api.stop();
        } finally {
            running.unlock();
        }
        log.info("exploration '{}': {} from {}: {}", api.exploration(), result.action(),
                Request.getRemoteAddr(request), result.message());
        // A Stop that did not finish its work (database step or a process) is a server-side failure.
        int status = action.equals("stop") && !result.success() ? 500 : 200;
        Responses.json(response, callback, status, result);
    }

    private static String action(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new HttpError(400, "empty body; " + USAGE);
        }
        JsonNode request;
        try {
            request = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON (" + Responses.quote(e.getOriginalMessage()) + "); " + USAGE);
        } catch (java.io.IOException e) {
            throw new HttpError(400, "unreadable body; " + USAGE);
        }
        if (request == null || !request.isObject()) {
            throw new HttpError(400, "the body must be a JSON object such as {\"action\": \"stop\"}");
        }
        JsonNode action = request.get("action");
        if (action == null || !action.isTextual()) {
            throw new HttpError(400, "missing \"action\": " + USAGE);
        }
        return action.asText();
    }

    private static HttpError tooLarge() {
        return new HttpError(413, "the body is larger than " + ApiServer.MAX_BODY_BYTES + " bytes; a control request"
                + " is {\"action\": \"start\"} or {\"action\": \"stop\"}");
    }
}
