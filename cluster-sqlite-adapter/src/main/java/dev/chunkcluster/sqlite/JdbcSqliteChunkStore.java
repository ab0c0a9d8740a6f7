package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.jdbc.ChunkStatements;
import dev.chunkcluster.jdbc.Dialect;
import dev.chunkcluster.jdbc.JdbcChunkStore;
import dev.chunkcluster.jdbc.JdbcRunner;
import dev.chunkcluster.jdbc.JdbcRunner.Tx;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.jdbc.StoreClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The {@link SqliteChunkStore}: the shared {@link JdbcChunkStore} operations on one connection, used by one thread at
 * a time, with every statement prepared once. Every write runs in {@code BEGIN IMMEDIATE}, so it holds SQLite's write
 * lock from its first read and never fails half-way for a lock; reads that need a consistent view run in a deferred
 * transaction, which in WAL mode blocks no writer. Opening checks the file ({@link StoreFileCheck}) and its schema
 * ({@link SqliteSchema}) before anything is written.
 */
final class JdbcSqliteChunkStore extends JdbcChunkStore implements SqliteChunkStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcSqliteChunkStore.class);

    private final Path path;
    private final SqliteOptions options;

    private JdbcSqliteChunkStore(Path path, SqliteOptions options, JdbcRunner runner) {
        super(runner, ChunkStatements.of(Dialect.SQLITE), StoreClock.of(options.clock()));
        this.path = path;
        this.options = options;
    }

    static SqliteChunkStore open(Path database, SqliteOptions options) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(options, "options");
        Path path = database.toAbsolutePath().normalize();
        StoreFileCheck.check(path);
        if (options.openMode() == OpenMode.EXISTING_ONLY && !Files.exists(path)) {
            throw new IncompatibleStoreException("SQLite database " + path + " does not exist, and this command does "
                    + "not create one. Run `init`, `explore` or `start` first, or point --db at the file they made");
        }
        SqliteDatabase sqlite = new SqliteDatabase(path, options.busyTimeout());
        JdbcRunner runner = JdbcRunner.onConnection(sqlite, ChunkStatements.of(Dialect.SQLITE),
                options.maxBusyRetries(), options.busyTimeout(), connect(path, options));
        JdbcSqliteChunkStore store = new JdbcSqliteChunkStore(path, options, runner);
        try {
            int from = new SqliteSchema(path, runner, options.openMode()).prepare();
            log.info("opened SQLite chunk store {} (schema v{}{}, journal_mode=wal, synchronous=NORMAL, "
                            + "busy_timeout {} ms, max busy retries {})", path, SqliteSchema.LATEST_VERSION,
                    from == SqliteSchema.LATEST_VERSION ? "" : ", migrated from v" + from,
                    options.busyTimeout().toMillis(), options.maxBusyRetries());
            return store;
        } catch (RuntimeException | Error e) {
            store.closeAfterFailedOpen(e);
            if (SqliteErrors.isNotADatabase(e)) {
                StoreFileCheck.requireSqliteHeader(path);
            }
            throw e;
        }
    }

    private static Connection connect(Path path, SqliteOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        if (options.openMode() == OpenMode.EXISTING_ONLY) {
            // A file removed since the check above is not created again.
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        // The store never asks for generated keys; with this on, the driver matches every statement it runs
        // against a regular expression to find out whether it is an INSERT.
        config.setGetGeneratedKeys(false);
        try {
            return config.createConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            if (SqliteErrors.isNotADatabase(e)) {
                StoreFileCheck.requireSqliteHeader(path);
            }
            throw SqliteErrors.translate(e, path, "open", options.busyTimeout());
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void checkpoint() {
        long[] outcome = runner().run(Tx.NONE, () -> "checkpoint the WAL", session -> {
            try (Statement statement = session.connection().createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        });
        if (outcome[0] != 0) {
            throw new StoreBusyException("SQLite database " + path + ": the WAL checkpoint could not finish within the "
                    + "busy timeout of " + options.busyTimeout().toMillis() + " ms because other connections were "
                    + "reading or writing (" + outcome[2] + " of " + outcome[1] + " WAL frames copied). Nothing is "
                    + "lost; run the checkpoint again when the cluster is idle", null);
        }
        log.info("SQLite chunk store {}: checkpoint copied {} WAL frames into the database and truncated the WAL",
                path, outcome[2]);
    }

    @Override
    public void close() {
        try {
            if (runner().close()) {
                log.info("closed SQLite chunk store {}", path);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, path, "close", options.busyTimeout());
        }
    }

    private void closeAfterFailedOpen(Throwable cause) {
        try {
            runner().close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "SqliteChunkStore[" + path + "]";
    }
}
