package dev.chunkcluster.examples.http;

import dev.chunkcluster.examples.api.ClusterApi;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;

/** {@code GET /api/cluster/status}. */
final class StatusRoute implements Route {

    private final ClusterApi api;

    StatusRoute(ClusterApi api) {
        this.api = api;
    }

    @Override
    public List<String> methods() {
        return List.of("GET", "HEAD");
    }

    @Override
    public void handle(Request request, Response response, Callback callback) {
        Responses.json(response, callback, 200, api.status());
    }
}
