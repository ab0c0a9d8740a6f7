package dev.chunkcluster.postgres;

import dev.chunkcluster.jdbc.ChunkStatements;
import dev.chunkcluster.jdbc.Dialect;
import dev.chunkcluster.jdbc.JdbcChunkStore;
import dev.chunkcluster.jdbc.JdbcRunner;
import dev.chunkcluster.jdbc.NodeSignals;
import dev.chunkcluster.jdbc.Session;
import dev.chunkcluster.jdbc.StoreClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The {@link PostgresChunkStore}: the shared {@link JdbcChunkStore} operations on connections borrowed from the user's
 * pool, one per operation, with the statements moved into the chosen schema.
 */
final class JdbcPostgresChunkStore extends JdbcChunkStore implements PostgresChunkStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcPostgresChunkStore.class);

    private final PostgresDatabase database;
    private final DataSource dataSource;

    private JdbcPostgresChunkStore(PostgresDatabase database, JdbcRunner runner, ChunkStatements sql,
                                   StoreClock clock, DataSource dataSource) {
        super(runner, sql, clock);
        this.database = database;
        this.dataSource = dataSource;
    }

    static PostgresChunkStore open(DataSource dataSource, PostgresOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        String server = options.serverName().orElseGet(() -> serverName(dataSource));
        PostgresDatabase database = new PostgresDatabase(server, options.schema(), options.retryWindow());
        ChunkStatements sql = ChunkStatements.of(Dialect.POSTGRES).inSchema(options.schema());
        JdbcRunner runner = JdbcRunner.onDataSource(database, sql, options.maxRetries(), options.retryWindow(),
                dataSource);
        StoreClock clock = options.clock().map(StoreClock::of).orElseGet(() -> databaseClock(sql));
        int from = new PostgresSchema(server, options.schema(), runner, options.openMode()).prepare();
        log.info("opened PostgreSQL chunk store on {} schema {} (schema v{}{}, {} lease clock, max retries {} within "
                        + "{} ms)", server, options.schema(), PostgresSchema.LATEST_VERSION,
                from == PostgresSchema.LATEST_VERSION ? "" : ", was v" + from,
                options.clock().isPresent() ? "a JVM" : "the database's", options.maxRetries(),
                options.retryWindow().toMillis());
        return new JdbcPostgresChunkStore(database, runner, sql, clock, dataSource);
    }

    /**
     * The server's clock, read in the transaction that uses it (its start time, the same for every statement); the
     * one-statement claims read it themselves.
     */
    private static StoreClock databaseClock(ChunkStatements sql) {
        return new StoreClock() {
            @Override
            public Instant now(Session session) throws SQLException {
                try (ResultSet rs = session.prepare(sql.named("databaseNow")).executeQuery()) {
                    rs.next();
                    return rs.getObject(1, OffsetDateTime.class).toInstant();
                }
            }

            @Override
            public boolean inDatabase() {
                return true;
            }
        };
    }

    /**
     * "PostgreSQL server HOST:PORT database NAME" from the URL the driver reports, never with its parameters; when no
     * connection can be made, from the URL the pool was configured with (HikariCP's {@code getJdbcUrl()}, pgjdbc's
     * {@code getUrl()}), so the message of a server that is down still names it.
     */
    private static String serverName(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return describeUrl(connection.getMetaData().getURL());
        } catch (SQLException | RuntimeException e) {
            for (String getter : new String[]{"getJdbcUrl", "getUrl"}) {
                try {
                    Object url = dataSource.getClass().getMethod(getter).invoke(dataSource);
                    if (url instanceof String text && text.startsWith("jdbc:postgresql:")) {
                        return describeUrl(text);
                    }
                } catch (ReflectiveOperationException | RuntimeException notThere) {
                    // Another kind of DataSource: try the next getter.
                }
            }
            return "PostgreSQL server behind " + dataSource.getClass().getSimpleName();
        }
    }

    /** The server and database of a JDBC URL, its parameters (which may hold a password) left out. */
    static String describeUrl(String url) {
        String rest = url == null ? "" : url.replaceFirst("^jdbc:postgresql:(//)?", "");
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? "PostgreSQL server " + rest
                : "PostgreSQL server " + rest.substring(0, slash) + " database " + rest.substring(slash + 1);
    }

    /** Nodes hear of a Stop or Start at once: {@code LISTEN/NOTIFY}. */
    @Override
    protected NodeSignals nodeSignals() {
        return new PostgresSignals(dataSource, runner(), database.schema());
    }

    @Override
    public String schema() {
        return database.schema();
    }

    @Override
    public void close() {
        try {
            if (runner().close()) {
                log.info("closed PostgreSQL chunk store on {} schema {}", database.server(), database.schema());
            }
        } catch (SQLException e) {
            throw database.translate(e, "close");
        }
    }

    @Override
    public String toString() {
        return "PostgresChunkStore[" + database.describe() + "]";
    }
}
