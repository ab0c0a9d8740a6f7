package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started from the installed binaries (Debian's {@code postgresql}, which
 * {@code scripts/test.sh} installs when missing) in a temporary directory, listening on 127.0.0.1 and a free port
 * only, with password authentication. A test of several hosts on one machine starts it listening on a test
 * network's address too ({@link #startListeningOn}), open to that network's clients only. PostgreSQL refuses to run as root, so when the tests run as root the server runs
 * as uid 65534 through {@code setpriv}. The server is stopped by its recorded pid, never by name: at
 * {@link #stop()}, and by a shutdown hook when a test run ends or fails.
 */
public final class PostgresServer {

    public static final String USER = "chunkcluster";
    public static final String PASSWORD = "test-secret-4271";

    private static final String LOOPBACK = "127.0.0.1";
    private static final long UNPRIVILEGED = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path directory;
    private final Path data;
    private final Path bin;
    private final int port;
    private final String listenAddresses;
    private Process process;

    private PostgresServer(Path directory, Path bin, int port, String listenAddresses) {
        this.directory = directory;
        this.data = directory.resolve("data");
        this.bin = bin;
        this.port = port;
        this.listenAddresses = listenAddresses;
    }

    /** The server this test JVM shares, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAndDelete, "postgres-test-server-stop"));
        }
        return shared;
    }

    /** A server of its own; the caller stops it ({@link #stopAndDelete()}). */
    public static PostgresServer start() {
        return start(null, null);
    }

    /**
     * A server of its own that listens on 127.0.0.1 and on {@code address} (which must be up on this machine), and
     * admits password logins from the clients of {@code clientRange} (CIDR, e.g. {@code 10.213.7.0/24}) besides
     * loopback. Server-side TCP keepalives are short, so the connections of a host cut off from the network are
     * dropped within seconds instead of hours. The caller stops it ({@link #stopAndDelete()}).
     */
    public static PostgresServer startListeningOn(InetAddress address, String clientRange) {
        return start(address, clientRange);
    }

    private static PostgresServer start(InetAddress address, String clientRange) {
        try {
            Path directory = Files.createTempDirectory("chunkcluster-pg");
            String listen = address == null ? LOOPBACK : LOOPBACK + "," + address.getHostAddress();
            PostgresServer server = new PostgresServer(directory, binaries(), freePort(), listen);
            server.initdb();
            if (clientRange != null) {
                Files.writeString(server.data.resolve("pg_hba.conf"),
                        "host all all " + clientRange + " scram-sha-256\n", StandardOpenOption.APPEND);
            }
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return jdbcUrl(LOOPBACK, database);
    }

    /** The URL of {@code database} through {@code address}, one the server listens on. */
    public String jdbcUrl(String address, String database) {
        return "jdbc:postgresql://" + address + ":" + port + "/" + database;
    }

    /** A new, empty database with a name that starts with {@code prefix}. */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** Runs {@code sql} as the superuser on {@code database}. */
    public void execute(String database, String... sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on test server failed: " + List.of(sql), e);
        }
    }

    /** A pool on {@code database} as the superuser; close it. */
    public HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(database));
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(10_000);
        config.setPoolName("test-" + database);
        return new HikariDataSource(config);
    }

    /** Runs {@code psql} on {@code database} with {@code sql}; returns its rows as {@code a|b}, unaligned. */
    public List<String> psql(String database, String sql) {
        List<String> command = List.of(bin.resolve("psql").toString(), "-h", LOOPBACK, "-p", String.valueOf(port),
                "-U", USER, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", PASSWORD);
        String output = run(builder, Duration.ofSeconds(60));
        return output.isBlank() ? List.of() : output.lines().toList();
    }

    /** Stops the server fast (its clients are cut off) and starts it again on the same port and data. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    /** Fast shutdown (SIGINT to the recorded pid): clients are disconnected, committed data stays. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        run(new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())), Duration.ofSeconds(10));
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and deletes its directory. */
    public synchronized void stopAndDelete() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // The directory is in the temporary directory; nothing else depends on it.
        }
    }

    private void initdb() throws IOException {
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        if (isRoot()) {
            run(new ProcessBuilder("chown", "-R", UNPRIVILEGED + ":" + UNPRIVILEGED, directory.toString()),
                    Duration.ofSeconds(10));
        }
        run(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")),
                Duration.ofMinutes(2));
    }

    private synchronized void startProcess() {
        List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-c", "listen_addresses=" + listenAddresses, "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=300", "-c", "shared_buffers=64MB"));
        if (!listenAddresses.equals(LOOPBACK)) {
            command.addAll(List.of("-c", "tcp_keepalives_idle=2", "-c", "tcp_keepalives_interval=1",
                    "-c", "tcp_keepalives_count=3", "-c", "tcp_user_timeout=5000"));
        }
        ProcessBuilder builder = asServerUser(command);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                directory.resolve("server.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the test PostgreSQL server exited at start: " + log());
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("the test PostgreSQL server did not accept connections within "
                + START_TIMEOUT.toSeconds() + " s: " + (last == null ? "" : last.getMessage()) + "\n" + log());
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    private ProcessBuilder asServerUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid", String.valueOf(UNPRIVILEGED), "--regid",
                    String.valueOf(UNPRIVILEGED), "--clear-groups", "--"));
        }
        full.addAll(command);
        return new ProcessBuilder(full).directory(directory.toFile());
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** The newest installed server's bin directory: Debian's /usr/lib/postgresql/N/bin, or pg_config's. */
    private static Path binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(v -> parseOrZero(v.getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries found under " + debian + "; install Debian's "
                + "postgresql package (bash scripts/test.sh does it when it is missing)");
    }

    private static int parseOrZero(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static String run(ProcessBuilder builder, Duration timeout) {
        builder.redirectErrorStream(true);
        try {
            Process child = builder.start();
            byte[] output = child.getInputStream().readAllBytes();
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
                throw new IllegalStateException(builder.command() + " did not finish within " + timeout);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (child.exitValue() != 0) {
                throw new IllegalStateException(builder.command() + " failed (exit " + child.exitValue() + "): "
                        + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + builder.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + builder.command(), e);
        }
    }
}
