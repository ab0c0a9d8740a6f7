package dev.chunkcluster.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.ErrorBody;
import dev.chunkcluster.examples.api.ExplorationMissingException;
import dev.chunkcluster.examples.api.HealthCheckBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP face of a {@link ClusterApi}, on the JDK's {@code com.sun.net.httpserver}:
 * <ul>
 *   <li>{@code GET /api/cluster/status}, {@code GET /api/cluster/results?top=N},
 *       {@code POST /api/cluster/control} with {@code {"action": "start"|"stop"}};</li>
 *   <li>{@code GET /}: the dashboard, a self-contained page from the class path;</li>
 *   <li>a health check on a schedule, whose last report is part of the status.</li>
 * </ul>
 * Every refusal is a 4xx with a JSON {@link ErrorBody}; no response ever carries a stack trace. The control endpoint
 * accepts only {@code application/json} (an HTML form cannot send it cross-site), requests must name a loopback host
 * when the server listens on loopback (DNS rebinding), and with a token every request needs
 * {@code Authorization: Bearer <token>}.
 */
public final class ApiServer implements AutoCloseable {

    /** The largest control body accepted. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("dashboard.html", "text/html; charset=utf-8"),
            "/index.html", new Asset("dashboard.html", "text/html; charset=utf-8"),
            "/dashboard.css", new Asset("dashboard.css", "text/css; charset=utf-8"),
            "/dashboard.js", new Asset("dashboard.js", "text/javascript; charset=utf-8"),
            "/favicon.svg", new Asset("favicon.svg", "image/svg+xml"));
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ClusterApi api;
    private final ServerOptions options;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService healthChecks;
    private final Map<String, byte[]> assets;
    private final byte[] token;
    private final Object controlLock = new Object();

    private record Asset(String resource, String contentType) {
    }

    private ApiServer(ClusterApi api, ServerOptions options, HttpServer server, Map<String, byte[]> assets) {
        this.api = api;
        this.options = options;
        this.server = server;
        this.assets = assets;
        this.token = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.healthChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts listening and, unless its interval is zero, the scheduled health check (the first one at once).
     *
     * @throws ChunkClusterException when the address cannot be bound (port in use, no permission)
     */
    public static ApiServer start(ClusterApi api, ServerOptions options) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(options, "options");
        Map<String, byte[]> assets = loadAssets();
        HttpServer server;
        InetSocketAddress address = new InetSocketAddress(options.bind(), options.port());
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new ChunkClusterException("cannot listen on " + options.bind().getHostAddress() + ":"
                    + options.port() + ": " + e.getMessage() + " (is another server using that port?); stop it or"
                    + " choose another --port (0 picks a free one)", e);
        } catch (SocketException e) {
            throw new ChunkClusterException("cannot listen on " + options.bind().getHostAddress() + ":"
                    + options.port() + ": " + e.getMessage() + "; ports below 1024 need privileges: choose another"
                    + " --port", e);
        } catch (IOException e) {
            throw new ChunkClusterException("cannot listen on " + options.bind().getHostAddress() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        ApiServer apiServer = new ApiServer(api, options, server, assets);
        server.createContext("/", apiServer::handle);
        server.setExecutor(apiServer.executor);
        server.start();
        if (!options.healthCheckInterval().isZero()) {
            long every = options.healthCheckInterval().toMillis();
            apiServer.healthChecks.scheduleWithFixedDelay(apiServer::healthCheck, 0, every, TimeUnit.MILLISECONDS);
        }
        log.info("exploration '{}': serving on {} (health check {}, {})", api.exploration(), apiServer.uri(),
                options.healthCheckInterval().isZero() ? "off" : "every " + every(options), options.token() == null
                        ? "no token" : "bearer token required");
        return apiServer;
    }

    private static String every(ServerOptions options) {
        return options.healthCheckInterval().toMillis() + " ms";
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The dashboard's address. */
    public URI uri() {
        String host = options.bind().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    @Override
    public void close() {
        healthChecks.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }

    private void healthCheck() {
        try {
            HealthCheckBody report = api.runHealthCheck();
            if (report.fixed() > 0) {
                log.info("exploration '{}': health check: {}", api.exploration(), report.message());
            }
        } catch (RuntimeException e) {
            log.warn("exploration '{}': health check failed: {}", api.exploration(), e.getMessage());
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            try {
                route(exchange);
            } catch (HttpError e) {
                sendError(exchange, e.status(), e.getMessage(), e.headers());
            } catch (ExplorationNotFoundException | ExplorationMissingException e) {
                sendError(exchange, 404, e.getMessage(), Map.of());
            } catch (ChunkClusterException e) {
                log.warn("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.getMessage());
                sendError(exchange, 503, e.getMessage(), Map.of());
            } catch (RuntimeException e) {
                log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                sendError(exchange, 500, "internal error (" + e.getClass().getSimpleName() + "); the server log has"
                        + " the details", Map.of());
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("{} {}: could not answer: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        checkHost(exchange);
        checkToken(exchange);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/api/cluster/status" -> {
                requireMethod(method, "GET", "HEAD");
                sendJson(exchange, 200, api.status());
            }
            case "/api/cluster/results" -> {
                requireMethod(method, "GET", "HEAD");
                sendJson(exchange, 200, api.results(topParameter(exchange.getRequestURI())));
            }
            case "/api/cluster/control" -> {
                requireMethod(method, "POST");
                sendJson(exchange, 200, control(exchange));
            }
            default -> {
                Asset asset = ASSETS.get(path);
                if (asset == null) {
                    throw new HttpError(404, "no such resource: " + path + "; the API is GET /api/cluster/status,"
                            + " GET /api/cluster/results and POST /api/cluster/control; the dashboard is GET /");
                }
                requireMethod(method, "GET", "HEAD");
                send(exchange, 200, asset.contentType(), assets.get(asset.resource()));
            }
        }
    }

    private ControlBody control(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new HttpError(415, "the control endpoint accepts only Content-Type: application/json; got "
                    + (contentType == null ? "none" : "'" + contentType + "'"));
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new HttpError(400, "empty body; send {\"action\": \"start\"} or {\"action\": \"stop\"}");
        }
        JsonNode request;
        try {
            request = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON (" + e.getOriginalMessage() + "); send {\"action\": \"start\"}"
                    + " or {\"action\": \"stop\"}");
        }
        if (request == null || !request.isObject()) {
            throw new HttpError(400, "the body must be a JSON object such as {\"action\": \"stop\"}");
        }
        JsonNode action = request.get("action");
        if (action == null || !action.isTextual()) {
            throw new HttpError(400, "missing \"action\": send {\"action\": \"start\"} or {\"action\": \"stop\"}");
        }
        synchronized (controlLock) {
            ControlBody result = switch (action.asText()) {
                case "start" -> api.start();
                case "stop" -> api.stop();
                default -> throw new HttpError(400, "unknown action '" + abbreviate(action.asText())
                        + "'; use \"start\" or \"stop\"");
            };
            log.info("exploration '{}': {} from {}: {}", api.exploration(), result.action(),
                    exchange.getRemoteAddress().getAddress().getHostAddress(), result.message());
            return result;
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new HttpError(413, "the body is larger than " + MAX_BODY_BYTES + " bytes; a control request is"
                    + " {\"action\": \"start\"} or {\"action\": \"stop\"}");
        }
        return body;
    }

    private static int topParameter(URI uri) {
        String query = uri.getRawQuery();
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
                        + abbreviate(value) + "'");
            }
        }
        return SweepEvaluator.TOP;
    }

    /** On loopback, the Host header must name loopback too: a rebound DNS name of another site is refused. */
    private void checkHost(HttpExchange exchange) {
        if (!options.bind().isLoopbackAddress()) {
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String name = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        if (!LOOPBACK_HOSTS.contains(name)) {
            throw new HttpError(403, "this server listens on loopback and answers only requests addressed to"
                    + " 127.0.0.1, localhost or [::1]; got Host " + (host == null ? "none" : "'" + abbreviate(host)
                    + "'"));
        }
    }

    private void checkToken(HttpExchange exchange) {
        if (token == null) {
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Map<String, String> challenge = Map.of("WWW-Authenticate", "Bearer realm=\"chunkcluster\"");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpError(401, "this server requires Authorization: Bearer <token>", challenge);
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new HttpError(401, "wrong bearer token", challenge);
        }
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        String allow = String.join(", ", allowed);
        throw new HttpError(405, "method " + abbreviate(method) + " is not allowed here; use " + allow,
                Map.of("Allow", allow));
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, JSON_TYPE, (Json.write(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void sendError(HttpExchange exchange, int status, String message, Map<String, String> headers)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        sendJson(exchange, status, new ErrorBody(status, message));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, byte[]> loadAssets() {
        Map<String, byte[]> loaded = new java.util.HashMap<>();
        for (Asset asset : ASSETS.values()) {
            if (loaded.containsKey(asset.resource())) {
                continue;
            }
            try (InputStream in = ApiServer.class.getResourceAsStream(asset.resource())) {
                if (in == null) {
                    throw new IllegalStateException("resource " + asset.resource() + " is missing from the jar");
                }
                loaded.put(asset.resource(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + asset.resource() + " from the jar", e);
            }
        }
        return Map.copyOf(loaded);
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 57) + "...";
    }
}
