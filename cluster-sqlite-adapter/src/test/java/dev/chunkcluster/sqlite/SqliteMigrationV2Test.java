package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.jdbc.SchemaScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.chunkcluster.sqlite.TestSupport.execute;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A version 1 database gains the nodes table on open, and its chunks stay as they were. */
class SqliteMigrationV2Test {

    @TempDir
    Path directory;

    @Test
    void aVersionOneDatabaseGetsTheNodesTableAndKeepsItsChunks() throws Exception {
        Path database = directory.resolve("v1.db");
        SchemaScripts v1Only = new SchemaScripts(SqliteSchema.class, 1);
        List<String> statements = new ArrayList<>(v1Only.upgradeTo(1));
        statements.add("PRAGMA user_version = 1");
        statements.add("INSERT INTO explorations (name, total_combinations, chunk_size, max_failures, created_at)"
                + " VALUES ('sweep', 100, 10, 3, '2026-11-30T00:00:00.000Z')");
        statements.add("INSERT INTO chunks (exploration, idx, first_combination, combination_count, status,"
                + " assigned_worker, attempt, started_at, lease_expires_at) VALUES ('sweep', 0, 0, 10, 'running',"
                + " 'w1', 1, '2026-11-30T00:00:00.000Z', '2999-01-01T00:00:00.000Z')");
        execute(database, statements.toArray(String[]::new));

        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            assertEquals(1, store.snapshot("sweep").counts().running());
            store.nodes().register(new NodeIdentity("sweep", NodeRole.AGENT, "host-a", "", 41, Instant.EPOCH),
                    NodeState.IDLE, 0, Duration.ofSeconds(2));
            assertEquals(List.of(Duration.ofSeconds(2)),
                    store.nodes().nodes("sweep").stream().map(NodeRecord::lease).toList(), "the lease it registered");
        }
        assertEquals("2", queryString(database, "PRAGMA user_version"));
        assertEquals("nodes_by_exploration", queryString(database,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'nodes'"));
    }
}
