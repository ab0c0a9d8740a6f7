package dev.chunkcluster.examples.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP service listens.
 *
 * @param bind                the address to listen on; anything but loopback requires a token
 * @param port                0 picks a free port
 * @param token               the bearer token every request must carry, or null (loopback only)
 * @param healthCheckInterval how often the health check runs; zero turns it off
 * @param readTimeout         a connection that sends nothing for this long (idle, or stalled mid-request) is closed
 */
public record ServerOptions(InetAddress bind, int port, String token, Duration healthCheckInterval,
                            Duration readTimeout) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int MIN_TOKEN_LENGTH = 16;
    /** The environment variable a token may come from; never passed on to a launched process. */
    public static final String TOKEN_VARIABLE = "CHUNKCLUSTER_TOKEN";
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public ServerOptions {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.toMillis() < 1 || readTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--read-timeout must be 1ms to 1h; got " + readTimeout);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0 to 65535 (0 picks a free port); got " + port);
        }
        if (healthCheckInterval.isNegative()) {
            throw new IllegalArgumentException("--health-interval cannot be negative; got " + healthCheckInterval);
        }
        if (token != null) {
            if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("the token must be at least " + MIN_TOKEN_LENGTH
                        + " printable characters without spaces; generate one with `openssl rand -hex 24`");
            }
        } else if (!bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("binding to " + bind.getHostAddress() + " exposes Start and Stop beyond"
                    + " this machine; give a token with --token-file FILE or the environment variable "
                    + TOKEN_VARIABLE + " (every request must then carry Authorization: Bearer <token>), or bind to"
                    + " 127.0.0.1");
        }
    }

    /** Options with the default read timeout. */
    public ServerOptions(InetAddress bind, int port, String token, Duration healthCheckInterval) {
        this(bind, port, token, healthCheckInterval, DEFAULT_READ_TIMEOUT);
    }

    /** Options from a host name or address as typed on the command line. */
    public static ServerOptions of(String bind, int port, String token, Duration healthCheckInterval,
                                   Duration readTimeout) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + bind + " is not an address of this machine; use 127.0.0.1"
                    + " (the default) or an address of one of its interfaces", e);
        }
        return new ServerOptions(address, port, token == null || token.isEmpty() ? null : token, healthCheckInterval,
                readTimeout);
    }
}
