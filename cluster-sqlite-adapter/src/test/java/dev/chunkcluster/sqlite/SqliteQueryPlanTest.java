package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.jdbc.ChunkStatements;
import dev.chunkcluster.jdbc.Dialect;
import dev.chunkcluster.jdbc.SqlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static dev.chunkcluster.sqlite.TestSupport.jdbc;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hot statements read indexes, so counts and claims stay fast at a million chunks. */
class SqliteQueryPlanTest {

    private static final ChunkStatements SQL = ChunkStatements.of(Dialect.SQLITE);

    @TempDir
    Path directory;

    @Test
    void snapshotReadsOnlyTheCoveringIndex() throws Exception {
        for (SqlStatement statement : List.of(SQL.named("countInStatus"), SQL.named("runningProgress"))) {
            List<String> plan = plan(statement);
            assertTrue(plan.stream().anyMatch(step -> step.contains("USING COVERING INDEX chunks_by_status")),
                    statement.name() + " must be index-only: " + plan);
            assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE")),
                    statement.name() + " must not sort: " + plan);
        }
    }

    @Test
    void theSnapshotLooksUpTheLastChunkByItsUniqueIndex() throws Exception {
        List<String> plan = plan(SQL.named("completedAtIndex"));
        assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH")
                        && step.contains("chunks_by_index (exploration=? AND idx=?)")),
                "one row found through the unique index: " + plan);
    }

    @Test
    void claimFindsTheFirstPendingChunksInTheIndexWithoutSorting() throws Exception {
        List<String> plan = plan(SQL.named("claim"));
        assertTrue(plan.stream().anyMatch(step -> step.contains("USING COVERING INDEX chunks_by_status")),
                "claim picks pending chunks from the status index: " + plan);
        assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE")), "no sort by idx: " + plan);
    }

    @Test
    void expiryAndResetsFindRunningChunksThroughTheIndex() throws Exception {
        for (SqlStatement statement : List.of(SQL.named("expireToPending"), SQL.named("expireToFailed"),
                SQL.named("resetRunning"), SQL.named("countPending"), SQL.named("retryFailed"))) {
            List<String> plan = plan(statement);
            assertTrue(plan.stream().anyMatch(step -> step.contains("INDEX chunks_by_status")),
                    statement.name() + " must search the status index: " + plan);
        }
    }

    private List<String> plan(SqlStatement statement) throws Exception {
        Path database = directory.resolve("plan.db");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("sweep", 2000, 1));
            store.createExploration(ExplorationSpec.of("other", 2000, 1));
        }
        List<String> steps = new ArrayList<>();
        try (Connection connection = jdbc(database);
             PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + statement.sql())) {
            for (int i = 1; i <= statement.params().size(); i++) {
                explain.setString(i, "x");
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
        }
        return steps;
    }
}
