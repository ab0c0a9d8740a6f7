package dev.chunkcluster.examples.http;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;

/** {@code GET /api/cluster/results?top=N}. */
final class ResultsRoute implements Route {

    private final ClusterApi api;

    ResultsRoute(ClusterApi api) {
        this.api = api;
    }

    @Override
    public List<String> methods() {
        return List.of("GET", "HEAD");
    }

    @Override
    public void handle(Request request, Response response, Callback callback) {
        Responses.json(response, callback, 200, api.results(top(request.getHttpURI().getQuery())));
    }

    static int top(String query) {
        if (query == null || query.isEmpty()) {
            return SweepEvaluator.TOP;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("top=")) {
                String value = pair.substring(4);
                try {
                    int top = Integer.parseInt(value);
                    if (top >= 1 && top <= SweepEvaluator.TOP) {
                        return top;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new HttpError(400, "top must be a whole number from 1 to " + SweepEvaluator.TOP + "; got '"
                        + Responses.quote(value) + "'");
            }
        }
        return SweepEvaluator.TOP;
    }
}
