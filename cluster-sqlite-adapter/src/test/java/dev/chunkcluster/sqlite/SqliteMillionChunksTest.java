package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.jdbc.ChunkStatements;
import dev.chunkcluster.jdbc.Dialect;
import dev.chunkcluster.jdbc.SqlStatement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static dev.chunkcluster.sqlite.TestSupport.jdbc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million chunks: creating them is one statement, the status counts read the covering index, and claims stay one
 * index seek even when almost everything is done. The bounds are loose on purpose (a busy 2-core machine); they catch
 * a table scan per claim, not a slow disk. The query plans are checked on this very file.
 */
@Tag("slow")
class SqliteMillionChunksTest {

    private static final ChunkStatements SQL = ChunkStatements.of(Dialect.SQLITE);

    private static final String NAME = "million";
    private static final int CHUNKS = 1_000_000;

    @TempDir
    Path directory;

    @Test
    void countsAndClaimsStayFastAtAMillionChunks() throws Exception {
        Path database = directory.resolve("million.db");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            long started = System.nanoTime();
            store.createExploration(ExplorationSpec.of(NAME, CHUNKS, 1));
            long createMillis = millisSince(started);

            started = System.nanoTime();
            ExplorationSnapshot snapshot = store.snapshot(NAME);
            long snapshotMillis = millisSince(started);
            assertEquals(new ChunkCounts(CHUNKS, CHUNKS, 0, 0, 0), snapshot.counts());

            try (Connection connection = jdbc(database)) {
                connection.createStatement().executeUpdate("UPDATE chunks SET status = 'completed', "
                        + "tested = combination_count WHERE idx < " + (CHUNKS - 1000));
            }
            started = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                Lease lease = store.claim(NAME, "w1", Duration.ofMinutes(1)).orElseThrow();
                assertTrue(store.complete(lease.token(), "r").applied());
            }
            long cyclesMillis = millisSince(started);
            started = System.nanoTime();
            snapshot = store.snapshot(NAME);
            long lateSnapshotMillis = millisSince(started);
            assertEquals(new ChunkCounts(CHUNKS, 800, 0, CHUNKS - 800, 0), snapshot.counts());
            assertEquals(CHUNKS - 800, snapshot.testedCombinations());

            System.out.printf("%d chunks: create %d ms, snapshot %d ms (all pending) and %d ms (nearly done), "
                    + "200 claim+complete cycles near the end %d ms%n", CHUNKS, createMillis, snapshotMillis,
                    lateSnapshotMillis, cyclesMillis);
            assertTrue(createMillis < 60_000, "create took " + createMillis + " ms");
            assertTrue(snapshotMillis < 5_000 && lateSnapshotMillis < 5_000,
                    "snapshot took " + snapshotMillis + " / " + lateSnapshotMillis + " ms");
            assertTrue(cyclesMillis < 10_000, "200 cycles took " + cyclesMillis + " ms");
        }
        assertTrue(plan(database, SQL.named("countsByStatus")).startsWith("SEARCH chunk_counts"),
                plan(database, SQL.named("countsByStatus")));
        for (SqlStatement statement : new SqlStatement[]{SQL.named("countExpired"), SQL.named("claim")}) {
            String plan = plan(database, statement);
            assertTrue(plan.matches(".*INDEX chunks_(running|pending).*") && !plan.contains("TEMP B-TREE"),
                    statement.name() + ": " + plan);
        }
    }

    private static String plan(Path database, SqlStatement statement) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Connection connection = jdbc(database);
             PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + statement.sql())) {
            for (int i = 1; i <= statement.params().size(); i++) {
                explain.setString(i, "x");
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append("; ");
                }
            }
        }
        return plan.toString();
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
