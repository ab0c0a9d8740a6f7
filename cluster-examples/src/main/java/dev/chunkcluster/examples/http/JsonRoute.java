package dev.chunkcluster.examples.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.function.Function;

/** A read-only route ({@code GET} or {@code HEAD}) whose answer is a JSON body computed from the request. */
final class JsonRoute implements Route {

    private final Function<Request, Object> body;

    JsonRoute(Function<Request, Object> body) {
        this.body = body;
    }

    @Override
    public List<String> methods() {
        return List.of("GET", "HEAD");
    }

    @Override
    public void handle(Request request, Response response, Callback callback) {
        Responses.json(response, callback, 200, body.apply(request));
    }
}
