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
    void snapshotReadsTheCountsAndTheRunningChunksOnly() throws Exception {
        List<String> counts = plan(SQL.named("countsByStatus"));
        assertTrue(counts.stream().anyMatch(step -> step.startsWith("SEARCH chunk_counts")),
                "the counts are rows of chunk_counts: " + counts);
        List<String> running = plan(SQL.named("countExpired"));
        assertTrue(running.stream().anyMatch(step -> step.contains("USING COVERING INDEX chunks_running")),
                "expired leases are a range of the index of running chunks: " + running);
        for (List<String> plan : List.of(counts, running)) {
            assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE") || step.startsWith("SCAN")),
                    "no sort, no scan: " + plan);
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
        assertTrue(plan.stream().anyMatch(step -> step.contains("INDEX chunks_pending")),
                "claim picks pending chunks from the index of pending chunks: " + plan);
        assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE")), "no sort by idx: " + plan);
    }

    @Test
    void expiryAndResetsFindRunningChunksThroughTheirIndex() throws Exception {
        for (SqlStatement statement : List.of(SQL.named("expireToPending"), SQL.named("expireToFailed"),
                SQL.named("resetRunning"))) {
            List<String> plan = plan(statement);
            assertTrue(plan.stream().anyMatch(step -> step.contains("INDEX chunks_running")),
                    statement.name() + " must search the index of running chunks: " + plan);
        }
        List<String> retry = plan(SQL.named("retryFailed"));
        assertTrue(retry.stream().anyMatch(step -> step.contains("INDEX chunks_failed")),
                "retry searches the index of failed chunks: " + retry);
        List<String> pending = plan(SQL.named("countPending"));
        assertTrue(pending.stream().anyMatch(step -> step.startsWith("SEARCH chunk_counts")),
                "the pending count is a row of chunk_counts: " + pending);
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
