package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.jdbc.SchemaScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chunkcluster.sqlite.TestSupport.execute;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Schema version 2: a version-1 file gets it on open, and its counts follow the rows, also rows edited by hand. */
class SqliteSchemaV2Test {

    @TempDir
    Path directory;

    @Test
    void aVersionOneFileIsMigratedOnOpenWithCountsOfItsRows() throws Exception {
        Path database = directory.resolve("v1.db");
        List<String> v1 = new ArrayList<>(new SchemaScripts(SqliteSchema.class, 1).upgradeTo(1));
        v1.add("PRAGMA user_version = 1");
        v1.add("INSERT INTO explorations (name, total_combinations, chunk_size, max_failures, created_at) "
                + "VALUES ('sweep', 5, 1, 3, '2026-11-29T09:40:00.000Z')");
        for (int i = 0; i < 5; i++) {
            String status = i < 2 ? "completed" : i == 2 ? "running" : i == 3 ? "failed" : "pending";
            v1.add("INSERT INTO chunks (exploration, idx, first_combination, combination_count, status, attempt, "
                    + "lease_expires_at, tested) VALUES ('sweep', " + i + ", " + i + ", 1, '" + status + "', 1, "
                    + (status.equals("running") ? "'2099-01-01T00:00:00.000Z'" : "NULL") + ", "
                    + (status.equals("completed") ? 1 : 0) + ")");
        }
        execute(database, v1.toArray(String[]::new));

        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            assertEquals(new ChunkCounts(5, 1, 1, 2, 1), store.snapshot("sweep").counts());
            store.claim("sweep", "w", Duration.ofMinutes(1)).orElseThrow();
            assertEquals(new ChunkCounts(5, 0, 2, 2, 1), store.snapshot("sweep").counts());
        }
        assertEquals("2", queryString(database, "PRAGMA user_version"));
        assertEquals("chunk_counts,chunks_failed,chunks_pending,chunks_running", queryString(database,
                "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE name IN ('chunk_counts', "
                        + "'chunks_pending', 'chunks_running', 'chunks_failed', 'chunks_by_status') ORDER BY name)"));
    }

    @Test
    void countsFollowRowsEditedByHand() throws Exception {
        Path database = directory.resolve("hand.db");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("sweep", 10, 1));
        }
        execute(database, "UPDATE chunks SET status = 'running', tested = 1 WHERE idx < 4",
                "UPDATE chunks SET status = 'completed', tested = combination_count WHERE idx = 9",
                "UPDATE chunks SET status = 'failed' WHERE idx = 8");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            assertEquals(new ChunkCounts(10, 4, 4, 1, 1), store.snapshot("sweep").counts());
            assertEquals(4 + 1, store.snapshot("sweep").testedCombinations(), "running chunks' tested, and one "
                    + "completed chunk");
        }
        assertEquals("completed|1,failed|1,pending|4,running|4", queryString(database, "SELECT group_concat(status || '|' "
                + "|| n, ',') FROM (SELECT status, COUNT(*) AS n FROM chunks GROUP BY status ORDER BY status)"));
    }

    @Test
    void aResetOfEveryRunningChunkMovesTheCountsInOneStepAndHandEditsAreCountedAfterIt() throws Exception {
        Path database = directory.resolve("reset.db");
        String countsOfRows = "SELECT group_concat(status || '|' || n || '|' || t, ',') FROM (SELECT status, "
                + "COUNT(*) AS n, SUM(tested) AS t FROM chunks GROUP BY status ORDER BY status)";
        String countsTable = "SELECT group_concat(status || '|' || n || '|' || t, ',') FROM (SELECT status, "
                + "SUM(chunks) AS n, SUM(tested) AS t FROM chunk_counts GROUP BY status HAVING n > 0 ORDER BY status)";
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("sweep", 20, 2));
            store.createExploration(ExplorationSpec.of("other", 4, 2));
            var leases = store.claimBatch("sweep", "w", 4, Duration.ofMinutes(1));
            store.claim("other", "w", Duration.ofMinutes(1)).orElseThrow();
            store.renew(leases.get(0).token(), 1, Duration.ofMinutes(1));
            store.complete(leases.get(1).token(), "{}");

            assertEquals(3, store.resetRunning("sweep", DesiredState.STOPPED).reset());

            assertEquals(new ChunkCounts(10, 9, 0, 1, 0), store.snapshot("sweep").counts());
            assertEquals(2, store.snapshot("sweep").testedCombinations(), "the completed chunk's; the reset ones' "
                    + "reported combinations are gone with their leases");
            assertEquals(new ChunkCounts(2, 1, 1, 0, 0), store.snapshot("other").counts(), "another exploration's "
                    + "running chunk is neither reset nor moved");
        }
        assertEquals("0", queryString(database, "SELECT COUNT(*) FROM chunk_counts_moved"),
                "the reset's marker is gone with its transaction");
        assertEquals(queryString(database, countsOfRows), queryString(database, countsTable));
        execute(database, "UPDATE chunks SET status = 'running', tested = 1 WHERE exploration = 'sweep' AND idx < 2");
        assertEquals(queryString(database, countsOfRows), queryString(database, countsTable), "counted by hand");
    }
}
