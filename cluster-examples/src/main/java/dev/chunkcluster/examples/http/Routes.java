package dev.chunkcluster.examples.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/** Finds the route of a path and checks the method; an unknown path is a 404 that quotes it only in part. */
final class Routes extends Handler.Abstract {

    private final Map<String, Route> routes;

    Routes(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Route route = routes.get(path);
        if (route == null) {
            throw new HttpError(404, "no such resource: " + Responses.quote(path) + "; the API is GET"
                    + " /api/cluster/status, GET /api/cluster/results and POST /api/cluster/control; the dashboard is"
                    + " GET /");
        }
        if (!route.methods().contains(request.getMethod())) {
            String allow = String.join(", ", route.methods());
            throw new HttpError(405, "method " + Responses.quote(request.getMethod()) + " is not allowed here; use "
                    + allow, Map.of("Allow", allow));
        }
        route.handle(request, response, callback);
        return true;
    }
}
