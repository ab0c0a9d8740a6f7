package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.jdbc.OpenMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening: the schema is created once, versioned, refused when it is not ours; the hand query works as on SQLite. */
class PostgresSchemaTest {

    private static PostgresServer server;
    private static String database;
    private static HikariDataSource pool;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
        database = server.createDatabase("schema");
        pool = server.pool(database, 4);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    private static PostgresOptions in(String schema) {
        return PostgresOptions.builder().schema(schema).build();
    }

    @Test
    void createsTheVersionedTablesOnceAndTheHandQueryCountsByStatus() {
        server.execute(database, "CREATE SCHEMA fresh");
        try (PostgresChunkStore store = PostgresChunkStore.open(pool, in("fresh"))) {
            store.createExploration(ExplorationSpec.of("sweep", 100, 10));
            store.claim("sweep", "w1", Duration.ofMinutes(1)).orElseThrow();
        }
        try (PostgresChunkStore again = PostgresChunkStore.open(pool, in("fresh"))) {
            assertEquals(10, again.snapshot("sweep").counts().total());
        }
        assertEquals(List.of(String.valueOf(PostgresSchema.LATEST_VERSION)),
                server.psql(database, "SELECT version FROM fresh.chunkcluster_version"));
        assertEquals(List.of("pending|9", "running|1"), server.psql(database,
                "SELECT status, COUNT(*) FROM fresh.chunks GROUP BY status ORDER BY status"));
    }

    @Test
    void existingOnlyRunsNoDdlAndOpensWhatTheResourceCreated() throws IOException {
        server.execute(database, "CREATE SCHEMA managed");
        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class, () -> PostgresChunkStore.open(
                pool, PostgresOptions.builder().schema("managed").openMode(OpenMode.EXISTING_ONLY).build()));
        assertTrue(e.getMessage().contains("holds no ChunkCluster tables") && e.getMessage().contains("schema-v1.sql"),
                e.getMessage());
        assertEquals(List.of(), server.psql(database,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'managed'"));

        // What a user's migration tool does with the resource.
        for (int version = 1; version <= PostgresSchema.LATEST_VERSION; version++) {
            String ddl;
            try (InputStream in = PostgresChunkStore.class.getResourceAsStream("schema-v" + version + ".sql")) {
                ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            server.execute(database, "SET search_path TO managed; " + ddl);
        }
        try (PostgresChunkStore store = PostgresChunkStore.open(pool,
                PostgresOptions.builder().schema("managed").openMode(OpenMode.EXISTING_ONLY).build())) {
            assertTrue(store.createExploration(ExplorationSpec.of("sweep", 10, 5)));
        }
    }

    @Test
    void anotherProgramsChunksTableIsRefusedAndLeftAlone() {
        server.execute(database, "CREATE SCHEMA app", "CREATE TABLE app.chunks (id int, status text)",
                "INSERT INTO app.chunks VALUES (1, 'RUNNING')");

        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class,
                () -> PostgresChunkStore.open(pool, in("app")));

        assertTrue(e.getMessage().contains("[chunks]") && e.getMessage().contains("another program")
                && e.getMessage().contains("its own schema"), e.getMessage());
        assertEquals(List.of("chunks"), server.psql(database,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'app'"));
        assertEquals(List.of("1|RUNNING"), server.psql(database, "SELECT * FROM app.chunks"));
    }

    @Test
    void aVersionOneSchemaIsMigratedOnOpenWithCountsOfItsRows() throws IOException {
        server.execute(database, "CREATE SCHEMA old");
        String v1;
        try (InputStream in = PostgresChunkStore.class.getResourceAsStream("schema-v1.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        server.execute(database, "SET search_path TO old; " + v1,
                "INSERT INTO old.explorations (name, total_combinations, chunk_size, max_failures, created_at) "
                        + "VALUES ('sweep', 5, 1, 3, '2026-11-29T09:40:00.000Z')",
                "INSERT INTO old.chunks (exploration, idx, first_combination, combination_count, status, attempt, "
                        + "lease_expires_at) SELECT 'sweep', i, i, 1, (ARRAY['completed', 'completed', 'running', "
                        + "'failed', 'pending'])[i + 1], 1, CASE WHEN i = 2 THEN '2099-01-01T00:00:00.000Z' END "
                        + "FROM generate_series(0, 4) AS i");

        try (PostgresChunkStore store = PostgresChunkStore.open(pool, in("old"))) {
            assertEquals(new ChunkCounts(5, 1, 1, 2, 1), store.snapshot("sweep").counts());
            store.claim("sweep", "w", Duration.ofMinutes(1)).orElseThrow();
            assertEquals(new ChunkCounts(5, 0, 2, 2, 1), store.snapshot("sweep").counts());
        }
        assertEquals(List.of("2"), server.psql(database, "SELECT version FROM old.chunkcluster_version"));
        assertEquals(List.of("chunk_counts", "chunks_failed", "chunks_running"), server.psql(database,
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'old' "
                        + "AND relname IN ('chunk_counts', 'chunks_running', 'chunks_failed', 'chunks_by_status') "
                        + "ORDER BY relname"));
    }

    @Test
    void countsFollowRowsEditedByHand() {
        server.execute(database, "CREATE SCHEMA edited");
        try (PostgresChunkStore store = PostgresChunkStore.open(pool, in("edited"))) {
            store.createExploration(ExplorationSpec.of("sweep", 10, 1));
            server.psql(database, "UPDATE edited.chunks SET status = 'running', tested = 1 WHERE idx < 4");
            server.psql(database, "UPDATE edited.chunks SET status = 'completed', tested = combination_count "
                    + "WHERE idx = 9");
            server.psql(database, "UPDATE edited.chunks SET status = 'failed' WHERE idx = 8");
            assertEquals(new ChunkCounts(10, 4, 4, 1, 1), store.snapshot("sweep").counts());
            assertEquals(4 + 1, store.snapshot("sweep").testedCombinations());
        }
    }

    @Test
    void aNewerSchemaIsRefused() {
        server.execute(database, "CREATE SCHEMA future");
        PostgresChunkStore.open(pool, in("future")).close();
        server.execute(database, "UPDATE future.chunkcluster_version SET version = 9");

        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class,
                () -> PostgresChunkStore.open(pool, in("future")));

        assertTrue(e.getMessage().contains("version 9") && e.getMessage().contains("newer ChunkCluster"),
                e.getMessage());
    }

    @Test
    void leaseTimesComeFromTheDatabaseClockByDefault() {
        server.execute(database, "CREATE SCHEMA clocked");
        try (PostgresChunkStore store = PostgresChunkStore.open(pool, in("clocked"))) {
            store.createExploration(ExplorationSpec.of("sweep", 10, 5));
            Instant before = Instant.parse(server.psql(database,
                    "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')").get(0));
            Lease lease = store.claim("sweep", "w", Duration.ofHours(1)).orElseThrow();
            Instant startedAt = store.chunk(lease.token().chunkId()).orElseThrow().startedAt();

            assertFalse(startedAt.isBefore(before.minusMillis(1)), startedAt + " vs server " + before);
            assertEquals(startedAt.plus(Duration.ofHours(1)), lease.expiresAt());

            CompletionAndClaim both = store.completeAndClaim(lease.token(), "{}", "sweep", Duration.ofMinutes(2));
            assertEquals(LeaseResult.APPLIED, both.completion());
            Instant finishedAt = store.chunk(lease.token().chunkId()).orElseThrow().finishedAt();
            assertFalse(finishedAt.isBefore(startedAt), finishedAt + " vs started " + startedAt);
            Lease next = both.next().orElseThrow();
            assertEquals(store.chunk(next.token().chunkId()).orElseThrow().startedAt().plus(Duration.ofMinutes(2)),
                    next.expiresAt());
            assertEquals(finishedAt, store.chunk(next.token().chunkId()).orElseThrow().startedAt(),
                    "one statement, one clock reading");
        }
    }

    @Test
    void optionsRejectNonsenseNamingTheValue() {
        IllegalArgumentException schema = assertThrows(IllegalArgumentException.class,
                () -> PostgresOptions.builder().schema("Bad-Name").build());
        assertTrue(schema.getMessage().contains("'Bad-Name'"), schema.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostgresOptions.builder().maxRetries(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> PostgresOptions.builder().retryWindow(Duration.ZERO).build());
    }
}
