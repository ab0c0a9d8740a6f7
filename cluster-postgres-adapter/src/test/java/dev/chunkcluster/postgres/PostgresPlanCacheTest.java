package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.Completion;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A claim of one chunk, alone or after a completion, and a claim of one of the worker loop's claim-ahead sizes run on
 * the server's cached generic plan once the driver has prepared them: planning afresh every time cost more than a
 * claim of one. Batch claims and batch completions find their chunks by key, at a cost that does not grow with the
 * table or with the running chunks. The store and the test share a pool of one connection, so the test reads the
 * session's own {@code pg_prepared_statements}.
 */
class PostgresPlanCacheTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final int CLAIMS = 20;
    /** Enough chunks that a plan for an unknown limit (a tenth of them) is dearer than a claim of one. */
    private static final int CHUNKS = 100_000;
    /** Running chunks among which a batch completion finds its own. */
    private static final int RUNNING = 5_056;

    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() {
        PostgresServer server = PostgresServer.shared();
        pool = server.pool(server.createDatabase("plans"), 1);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void claimsArePlannedOnceNotOnEveryExecution() throws SQLException {
        try (PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of("sweep", CHUNKS, 1));
            analyze();
            for (int i = 0; i < CLAIMS; i++) {
                store.claim("sweep", "alone", LEASE).orElseThrow();
                assertEquals(16, store.claimBatch("sweep", "ahead", 16, LEASE).size());
            }
            Lease held = store.claim("sweep", "cycling", LEASE).orElseThrow();
            for (int i = 0; i < CLAIMS; i++) {
                CompletionAndClaim both = store.completeAndClaim(held.token(), "{}", "sweep", LEASE);
                assertEquals(LeaseResult.APPLIED, both.completion());
                held = both.next().orElseThrow();
            }
        }

        assertGenericPlan("the claim of one chunk", "LIMIT 1 FOR UPDATE", "done AS (UPDATE");
        assertGenericPlan("the claim of a batch of 16, a claim-ahead size", "LIMIT 16 FOR UPDATE", null);
        assertGenericPlan("the completion with the next claim", "done AS (UPDATE", null);
    }

    @Test
    void batchClaimsFindTheirChunksByKeyNotByReadingTheWholeTable() throws SQLException {
        try (PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of("batches", 10_000, 1));
            analyze();
            long before = sequentialScansOfChunks();
            for (int i = 0; i < CLAIMS; i++) {
                assertEquals(64, store.claimBatch("batches", "ahead", 64, LEASE).size());
            }
            // With the picked ids joined as "id IN (…)", the planner hashed them and read every chunk of the table.
            assertEquals(0, sequentialScansOfChunks() - before, "sequential scans of chunks by " + CLAIMS
                    + " claims of 64");
        }
    }

    @Test
    void batchCompletionsFindTheirChunksByKeyNotByReadingEveryRunningChunk() throws SQLException {
        try (PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of("completions", 10_000, 1));
            List<Lease> running = new ArrayList<>();
            for (int i = 0; i < RUNNING / 64; i++) {
                running.addAll(store.claimBatch("completions", "ahead", 64, LEASE));
            }
            analyze();
            long before = chunkRowsRead();
            for (int i = 0; i < CLAIMS; i++) {
                List<Completion> batch = running.subList(i * 16, i * 16 + 16).stream()
                        .map(lease -> new Completion(lease.token(), "{}")).toList();
                assertEquals(Collections.nCopies(16, LeaseResult.APPLIED), store.completeAll(batch));
            }
            // A completion joined to every running chunk reads them all, however few it completes (with nested loops
            // disabled for the session, the planner does that: 98,080 rows).
            long read = chunkRowsRead() - before;
            assertTrue(read <= CLAIMS * 16 * 2, "rows of chunks read by " + CLAIMS + " completions of 16 among "
                    + running.size() + " running chunks: " + read);
        }
    }

    /** Sequential scans of the chunks table so far, as the statistics say once this session's are flushed. */
    private static long sequentialScansOfChunks() throws SQLException {
        return chunksStatistic("seq_scan");
    }

    /** Rows of the chunks table read so far, by sequential and index scans. */
    private static long chunkRowsRead() throws SQLException {
        return chunksStatistic("seq_tup_read + idx_tup_fetch");
    }

    /** {@code expression} over the chunks table's row of pg_stat_user_tables, this session's counts flushed first. */
    private static long chunksStatistic(String expression) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("SELECT " + expression + " FROM pg_stat_user_tables "
                    + "WHERE relname = 'chunks'")) {
                assertTrue(rs.next(), "the chunks table has statistics");
                return rs.getLong(1);
            }
        }
    }

    private static void analyze() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE chunks");
        }
    }

    private static void assertGenericPlan(String what, String containing, String notContaining) throws SQLException {
        String sql = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE ?"
                + (notContaining == null ? "" : " AND statement NOT LIKE ?");
        try (Connection connection = pool.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, "%" + containing + "%");
            if (notContaining != null) {
                query.setString(2, "%" + notContaining + "%");
            }
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), what + ": no statement prepared on the server");
                long generic = rs.getLong(1);
                long custom = rs.getLong(2);
                // The server plans the first five executions for their values, then keeps a generic plan that is
                // no dearer; the driver prepares on the server from its fifth execution on.
                assertTrue(generic >= CLAIMS - 10 && custom <= 5,
                        what + ": " + generic + " generic and " + custom + " custom plans over " + CLAIMS
                                + " executions");
            }
        }
    }
}
