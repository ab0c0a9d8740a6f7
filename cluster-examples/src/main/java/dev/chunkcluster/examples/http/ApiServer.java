package dev.chunkcluster.examples.http;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ErrorBody;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP face of a {@link ClusterApi}, on Jetty:
 * <ul>
 *   <li>{@code GET /api/cluster/status}, {@code GET /api/cluster/results?top=N},
 *       {@code POST /api/cluster/control} with {@code {"action": "start"|"stop"}};</li>
 *   <li>{@code GET /}: the dashboard, a self-contained page from the class path;</li>
 *   <li>a health check on a schedule, whose last report is part of the status.</li>
 * </ul>
 * Every refusal is a 4xx or 5xx with a JSON {@link ErrorBody}, also for requests too malformed to route; no response
 * ever carries a stack trace. Requests pass the {@link RequestGuard} (Host on loopback, bearer token) before their
 * {@link Route}. Reading never holds a thread: slow or idle clients cost a socket each and are closed once they send
 * nothing for the read timeout.
 */
public final class ApiServer implements AutoCloseable {

    /** The largest control body accepted. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** The largest request line plus headers accepted. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** A request body arriving slower than this (bytes per second) is cut off with a 408. */
    static final long MIN_BODY_BYTES_PER_SECOND = 64;
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final ServerOptions options;
    private final HealthCheckSchedule healthChecks;

    private ApiServer(Server server, ServerConnector connector, ServerOptions options, HealthCheckSchedule healthChecks) {
        this.server = server;
        this.connector = connector;
        this.options = options;
        this.healthChecks = healthChecks;
    }

    /**
     * Starts listening and, unless its interval is zero, the scheduled health check (the first one at once).
     *
     * @throws ChunkClusterException when the address cannot be bound (port in use, no permission)
     */
    public static ApiServer start(ClusterApi api, ServerOptions options) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(options, "options");
        Map<String, Route> routes = new HashMap<>(AssetRoute.dashboard());
        routes.put("/api/cluster/status", new JsonRoute(request -> api.status()));
        routes.put("/api/cluster/results",
                new JsonRoute(request -> api.results(TopParameter.of(request.getHttpURI().getQuery()))));
        routes.put("/api/cluster/control", new ControlRoute(api));

        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.bind().getHostAddress());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.readTimeout().toMillis());
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new RequestGuard(options, new Routes(routes)));
        start(server, options);

        ApiServer apiServer = new ApiServer(server, connector, options,
                HealthCheckSchedule.start(api, options.healthCheckInterval()));
        log.info("exploration '{}': serving on {} (health check {}, read timeout {} ms, {})", api.exploration(),
                apiServer.uri(), options.healthCheckInterval().isZero() ? "off"
                        : "every " + options.healthCheckInterval().toMillis() + " ms",
                options.readTimeout().toMillis(), options.token() == null ? "no token" : "bearer token required");
        return apiServer;
    }

    private static void start(Server server, ServerOptions options) {
        String where = options.bind().getHostAddress() + ":" + options.port();
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            Throwable cause = e instanceof IOException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BindException) {
                throw new ChunkClusterException("cannot listen on " + where + ": " + cause.getMessage() + " (is"
                        + " another server using that port? ports below 1024 need privileges); stop it or choose"
                        + " another --port (0 picks a free one)", e);
            }
            throw new ChunkClusterException("cannot listen on " + where + ": " + cause.getMessage(), e);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
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
        healthChecks.close();
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("stopping the HTTP server: {}", e.toString());
        }
    }
}
