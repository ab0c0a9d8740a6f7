package dev.chunkcluster.examples.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;

/** One path of the service: the methods it allows and how it answers. */
interface Route {

    List<String> methods();

    /** Answers the request, completing {@code callback}; may throw {@link HttpError} or a store's exception. */
    void handle(Request request, Response response, Callback callback) throws Exception;
}
