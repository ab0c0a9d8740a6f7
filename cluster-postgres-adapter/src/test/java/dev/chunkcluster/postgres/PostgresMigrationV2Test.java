package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
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

/** A version 1 schema gains the nodes table on open, and its chunks stay as they were. */
class PostgresMigrationV2Test {

    private static String database;
    private static HikariDataSource pool;

    @BeforeAll
    static void startServer() {
        database = PostgresServer.shared().createDatabase("migration");
        pool = PostgresServer.shared().pool(database, 2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void aVersionOneSchemaGetsTheNodesTableAndKeepsItsChunks() throws IOException {
        PostgresServer server = PostgresServer.shared();
        server.execute(database, "CREATE SCHEMA old");
        String v1;
        try (InputStream in = PostgresChunkStore.class.getResourceAsStream("schema-v1.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        server.execute(database, "SET search_path TO old; " + v1);
        PostgresOptions options = PostgresOptions.builder().schema("old").build();
        server.execute(database, "INSERT INTO old.explorations VALUES ('sweep', 100, 10, 3, 'running', "
                + "'2026-01-01T00:00:00.000Z')", "INSERT INTO old.chunks (exploration, idx, first_combination, "
                + "combination_count, status, attempt) VALUES ('sweep', 0, 0, 100, 'completed', 1)");

        try (PostgresChunkStore store = PostgresChunkStore.open(pool, options)) {
            assertEquals(1, store.snapshot("sweep").counts().completed());
            store.nodes().register(new NodeIdentity("sweep", NodeRole.AGENT, "host-a", "", 41, Instant.EPOCH),
                    NodeState.IDLE, 0, Duration.ofSeconds(2));
            assertEquals(List.of(Duration.ofSeconds(2)),
                    store.nodes().nodes("sweep").stream().map(NodeRecord::lease).toList(), "the lease it registered");
        }
        assertEquals(List.of("2"), server.psql(database, "SELECT version FROM old.chunkcluster_version"));
        assertEquals(List.of("nodes_by_exploration"), server.psql(database,
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'old' AND tablename = 'nodes' "
                        + "AND indexname <> 'nodes_pkey'"));
    }
}
