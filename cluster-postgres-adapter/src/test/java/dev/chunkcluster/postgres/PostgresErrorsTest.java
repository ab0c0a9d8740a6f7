package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.ReadOnlyStoreException;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.error.StoreUnavailableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error a user can cause on a real server: a message naming the server, the cause and the fix. */
class PostgresErrorsTest {

    private static final PostgresOptions QUICK = PostgresOptions.builder().retryWindow(Duration.ofMillis(500))
            .maxRetries(1).build();

    private static PostgresServer server;
    private static String database;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
        database = server.createDatabase("errors");
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static ChunkClusterException openFails(String url, String user, String password, PostgresOptions options) {
        try (HikariDataSource pool = pool(url, user, password)) {
            return assertThrows(ChunkClusterException.class, () -> PostgresChunkStore.open(pool, options));
        }
    }

    @Test
    void aServerThatIsDownIsNamedWithHowToCheckIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        ChunkClusterException e = openFails("jdbc:postgresql://127.0.0.1:" + closedPort + "/jobs", "u", "p", QUICK);

        assertInstanceOf(StoreUnavailableException.class, e);
        assertTrue(e.getMessage().contains("PostgreSQL server 127.0.0.1:" + closedPort + " database jobs"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot be reached") && e.getMessage().contains("pg_isready"),
                e.getMessage());
    }

    @Test
    void aWrongPasswordSaysWhereThePasswordComesFromAndIsNotEchoed() {
        ChunkClusterException e = openFails(server.jdbcUrl(database), PostgresServer.USER, "wrong-secret-93", QUICK);

        assertInstanceOf(StoreUnavailableException.class, e);
        assertTrue(e.getMessage().contains("refused the login") && e.getMessage().contains("28P01")
                && e.getMessage().contains("CHUNKCLUSTER_DB_PASSWORD"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-secret-93"), "the password is never echoed: " + e.getMessage());
    }

    @Test
    void aMissingDatabaseSaysHowToCreateIt() {
        ChunkClusterException e = openFails(server.jdbcUrl("no_such_db"), PostgresServer.USER,
                PostgresServer.PASSWORD, QUICK);

        assertTrue(e.getMessage().contains("database does not exist") && e.getMessage().contains("createdb"),
                e.getMessage());
    }

    @Test
    void aMissingSchemaSaysHowToCreateIt() {
        ChunkClusterException e = openFails(server.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD,
                PostgresOptions.builder().schema("nowhere").build());

        assertTrue(e.getMessage().contains("schema 'nowhere' does not exist")
                && e.getMessage().contains("CREATE SCHEMA nowhere"), e.getMessage());
    }

    @Test
    void aMissingPrivilegeNamesTheGrant() {
        String role = "reader_" + ProcessHandle.current().pid();
        server.execute(database, "CREATE ROLE " + role + " LOGIN PASSWORD 'reader-pw'", "CREATE SCHEMA locked");

        ChunkClusterException e = openFails(server.jdbcUrl(database), role, "reader-pw",
                PostgresOptions.builder().schema("locked").build());

        assertInstanceOf(ReadOnlyStoreException.class, e, e.getMessage());
        assertTrue(e.getMessage().contains("database user " + role + " lacks the USAGE privilege on schema locked")
                && e.getMessage().contains("GRANT USAGE ON SCHEMA locked TO " + role), e.getMessage());

        server.execute(database, "GRANT USAGE ON SCHEMA locked TO " + role);
        ChunkClusterException create = openFails(server.jdbcUrl(database), role, "reader-pw",
                PostgresOptions.builder().schema("locked").build());
        assertInstanceOf(ReadOnlyStoreException.class, create, create.getMessage());
        assertTrue(create.getMessage().contains("lacks the CREATE privilege")
                && create.getMessage().contains("OpenMode.EXISTING_ONLY"), create.getMessage());
    }

    @Test
    void serializationFailuresAndDeadlocksAreRetriedThenReportedAsBusy() {
        SQLException serialization = new SQLException("could not serialize access", "40001");
        assertTrue(PostgresErrors.isRetryable(serialization));
        assertTrue(PostgresErrors.isRetryable(new SQLException("deadlock detected", "40P01")));
        assertTrue(PostgresErrors.isRetryable(new SQLException("An I/O error occurred", "08006")));
        assertFalse(PostgresErrors.isRetryable(new SQLException("permission denied", "42501")));

        ChunkClusterException e = PostgresErrors.translate(serialization, "PostgreSQL server h:5432 database d",
                "public", "claim chunks", Duration.ofSeconds(30));
        assertInstanceOf(StoreBusyException.class, e);
        assertTrue(e.getMessage().startsWith("PostgreSQL server h:5432 database d: claim chunks"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed") && e.getMessage().contains("retryWindow"),
                e.getMessage());
    }

    @Test
    void theUrlIsDescribedWithoutItsParameters() {
        assertEquals("PostgreSQL server db.example.org:5433 database jobs", JdbcPostgresChunkStore.describeUrl(
                "jdbc:postgresql://db.example.org:5433/jobs?user=me&password=secret"));
    }
}
