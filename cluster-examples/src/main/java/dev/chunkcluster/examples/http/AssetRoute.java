package dev.chunkcluster.examples.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** A file of the dashboard, read once from the class path. */
final class AssetRoute implements Route {

    private static final String HTML = "text/html; charset=utf-8";

    private final String contentType;
    private final byte[] body;

    private AssetRoute(String contentType, byte[] body) {
        this.contentType = contentType;
        this.body = body;
    }

    /** The dashboard's paths and their files. */
    static Map<String, Route> dashboard() {
        AssetRoute page = load("dashboard.html", HTML);
        return Map.of(
                "/", page,
                "/index.html", page,
                "/dashboard.css", load("dashboard.css", "text/css; charset=utf-8"),
                "/dashboard.js", load("dashboard.js", "text/javascript; charset=utf-8"),
                "/favicon.svg", load("favicon.svg", "image/svg+xml"));
    }

    private static AssetRoute load(String resource, String contentType) {
        try (InputStream in = AssetRoute.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the jar");
            }
            return new AssetRoute(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource + " from the jar", e);
        }
    }

    @Override
    public List<String> methods() {
        return List.of("GET", "HEAD");
    }

    @Override
    public void handle(Request request, Response response, Callback callback) {
        Responses.send(response, callback, 200, contentType, body);
    }
}
