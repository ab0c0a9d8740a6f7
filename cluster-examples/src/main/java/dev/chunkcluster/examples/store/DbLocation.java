package dev.chunkcluster.examples.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresOptions;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import dev.chunkcluster.sqlite.SqliteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the commands' {@code --db} points: a SQLite file (the default), or a PostgreSQL database named by a JDBC URL
 * such as {@code jdbc:postgresql://db.example.org:5432/jobs?user=explorer}. The password never goes into the URL, a
 * log or a command line: it comes from the environment variable {@value #PASSWORD_ENV}, and the commands leave it for
 * the nodes they launch (whose environment does not carry it) in a file of mode 600 in the state directory.
 *
 * <p>A PostgreSQL database's state directory (the process registry and that file) lies in the working directory,
 * named after the server and the database, so every command run from there sees the same processes.
 */
public final class DbLocation {

    /** The environment variable that holds the PostgreSQL password. */
    public static final String PASSWORD_ENV = "CHUNKCLUSTER_DB_PASSWORD";

    /** The file in the state directory that hands the password to launched nodes. */
    public static final String PASSWORD_FILE = "db-password";

    /** How long opening the store waits for a connection to PostgreSQL. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(15);

    /**
     * The longest a PostgreSQL call waits for the server's answer (pgjdbc {@code socketTimeout}) before it fails and is
     * tried again: a call on a link that died silently does not hang for TCP's retransmission timeout (about 15
     * minutes). Well above the longest statement (creating a large exploration). The worker's self-fence does not
     * wait for it (its own clock is watched apart from the calls).
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /** How long opening one TCP connection to PostgreSQL and its start-up may take (pgjdbc {@code connectTimeout}). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Connections the store of one CLI process or node may hold at once. */
    static final int POOL_SIZE = 2;

    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Pattern HOST_PORT_DATABASE = Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]+)(\\?.*)?");
    private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]+)");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final String url;

    private DbLocation(Path file, String url) {
        this.file = file;
        this.url = url;
    }

    /**
     * The location {@code text} names: a JDBC URL or a file path.
     *
     * @throws IllegalArgumentException naming what is wrong with it and how to write it
     */
    public static DbLocation parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("--db needs the path of a database file or a PostgreSQL URL; got an"
                    + " empty one");
        }
        if (text.startsWith(POSTGRES_PREFIX)) {
            if (!HOST_PORT_DATABASE.matcher(text).matches()) {
                throw new IllegalArgumentException("--db " + text + " is not a PostgreSQL URL this program reads; "
                        + "write it as jdbc:postgresql://HOST:PORT/DATABASE?user=NAME");
            }
            if (text.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
                throw new IllegalArgumentException("--db must not carry the password (it would show in the process "
                        + "list and the logs); remove password=... from the URL and set " + PASSWORD_ENV);
            }
            return new DbLocation(null, text);
        }
        if (text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--db " + text + ": only PostgreSQL URLs (jdbc:postgresql://...) and "
                    + "SQLite file paths are supported");
        }
        try {
            return new DbLocation(Path.of(text).toAbsolutePath().normalize(), null);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--db " + text + " is not a valid file path: " + e.getMessage(), e);
        }
    }

    /** The SQLite file at {@code file}. */
    public static DbLocation of(Path file) {
        return new DbLocation(file.toAbsolutePath().normalize(), null);
    }

    public boolean isPostgres() {
        return url != null;
    }

    /** The SQLite file, absolute. */
    public Path file() {
        if (file == null) {
            throw new IllegalStateException(this + " is a PostgreSQL database, not a file");
        }
        return file;
    }

    /** What a launched node gets as its {@code --db}: the absolute file, or the URL (it has no password). */
    public String argument() {
        return isPostgres() ? url : file.toString();
    }

    /** Where the process registry of the exploration in this database lives. */
    public Path stateDirectory() {
        return stateDirectory(Path.of("").toAbsolutePath());
    }

    /**
     * The state directory as a process whose working directory is {@code workingDirectory} finds it: beside a SQLite
     * file, or in that working directory for a PostgreSQL database.
     */
    public Path stateDirectory(Path workingDirectory) {
        if (!isPostgres()) {
            return ProcessOptions.stateDirectoryFor(file);
        }
        Matcher m = HOST_PORT_DATABASE.matcher(url);
        m.matches();
        String name = ("postgres-" + m.group(1) + "-" + m.group(2)).replaceAll("[^A-Za-z0-9._-]", "_");
        return ProcessOptions.stateDirectoryFor(workingDirectory.toAbsolutePath().resolve(name));
    }

    /** The store, opened as {@code mode} allows. */
    public OpenedStore open(OpenMode mode) {
        if (!isPostgres()) {
            SqliteChunkStore store = SqliteChunkStore.open(file, SqliteOptions.builder().openMode(mode).build());
            return new OpenedStore(store, store::close);
        }
        HikariDataSource pool = new HikariDataSource(poolConfig(password()));
        try {
            PostgresChunkStore store = PostgresChunkStore.open(pool, PostgresOptions.builder()
                    .schema(schema()).openMode(mode).serverName(describe()).build());
            return new OpenedStore(store, () -> {
                store.close();
                pool.close();
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private HikariConfig poolConfig(String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("chunkcluster");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        // How long a command or node waits for a connection before it reports the server: long enough for a JVM that
        // starts on a busy machine (the fault trials saw a first connection take over 5 s at load 26), short enough
        // that a server that is down is named soon.
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Bounds on every call, unless the URL sets them (pgjdbc lets the URL's parameters win): see
        // docs/scale-out.md, "What bounds the self-fence".
        driverProperties().forEach(config::addDataSourceProperty);
        // Errors at the first use, where the store names the server, the cause and the fix.
        config.setInitializationFailTimeout(-1);
        return config;
    }

    /** The pgjdbc connection properties the pool passes to the driver: keepalive and bounds on every call. */
    static Map<String, String> driverProperties() {
        return Map.of("tcpKeepAlive", "true",
                "socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()),
                "connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    }

    /** The schema named by the URL's {@code currentSchema}, else the store's default. */
    String schema() {
        Matcher m = CURRENT_SCHEMA.matcher(url);
        return m.find() ? m.group(1) : PostgresOptions.DEFAULT_SCHEMA;
    }

    /**
     * The password: {@value #PASSWORD_ENV} when set (and then left for launched nodes in the state directory), else
     * that file when a command left one, else none.
     */
    private String password() {
        Path passwordFile = stateDirectory().resolve(PASSWORD_FILE);
        String fromEnvironment = System.getenv(PASSWORD_ENV);
        try {
            if (fromEnvironment != null) {
                leaveForNodes(passwordFile, fromEnvironment);
                return fromEnvironment;
            }
            if (!Files.exists(passwordFile)) {
                return null;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(passwordFile);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new ChunkClusterException("password file " + passwordFile + " has mode "
                        + PosixFilePermissions.toString(permissions) + ", readable by others; it is not used. Fix it "
                        + "(chmod 600 '" + passwordFile + "') or set " + PASSWORD_ENV);
            }
            return Files.readString(passwordFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChunkClusterException("cannot read or write the password file " + passwordFile + ": "
                    + e.getMessage() + ". Check the state directory's owner and mode", e);
        }
    }

    private static void leaveForNodes(Path passwordFile, String password) throws IOException {
        Files.createDirectories(passwordFile.getParent());
        Path temporary = Files.createTempFile(passwordFile.getParent(), PASSWORD_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, password, StandardCharsets.UTF_8);
            Files.move(temporary, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** "PostgreSQL server HOST:PORT database NAME", or the file. */
    String describe() {
        if (!isPostgres()) {
            return file.toString();
        }
        Matcher m = HOST_PORT_DATABASE.matcher(url);
        m.matches();
        return "PostgreSQL server " + m.group(1) + " database " + m.group(2);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A store and what closing it closes (for PostgreSQL, the connection pool too). */
    public record OpenedStore(ChunkStore store, Runnable closer) implements AutoCloseable {

        @Override
        public void close() {
            closer.run();
        }
    }
}
