package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claims do not slow down as an exploration drains: every claimed chunk leaves its old row version's entry at the head
 * of the pending index until a vacuum, and a claim that looked from the first chunk every time would step over all of
 * them. Chunks that go back to pending behind where a store's claims look are still claimed.
 */
class PostgresQueueHeadTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    private static PostgresServer server;
    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() {
        server = PostgresServer.shared();
        pool = server.pool(server.createDatabase("queuehead"), 1);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void aClaimReadsAFewPagesOfThePendingIndexAfterThousandsOfChunksAreDone() throws SQLException {
        int chunks = 10_000;
        int done = 6_000;
        int measured = 200;
        String exploration = "long-sweep";
        try (PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of(exploration, chunks, 1));
            execute("ALTER TABLE chunks SET (autovacuum_enabled = false)"); // the dead entries stay until the end
            Lease held = store.claim(exploration, "w", LEASE).orElseThrow();
            for (int i = 1; i < done; i++) {
                CompletionAndClaim both = store.completeAndClaim(held.token(), "{}", exploration, LEASE);
                assertEquals(LeaseResult.APPLIED, both.completion());
                held = both.next().orElseThrow();
            }

            long before = pendingIndexPagesRead();
            for (int i = 0; i < measured; i++) {
                CompletionAndClaim both = store.completeAndClaim(held.token(), "{}", exploration, LEASE);
                held = both.next().orElseThrow();
            }
            long perClaim = (pendingIndexPagesRead() - before) / measured;

            // Looking from the first chunk each time, a claim here reads the ~20 pages of dead entries; looking past
            // the last chunk this store took, the index's root and a leaf, and now and then a look from the start.
            assertTrue(perClaim <= 8, "pages of the pending index read per claim after " + done + " chunks: "
                    + perClaim);
            assertEquals(done + measured - 1, held.range().index(), "the chunks were claimed in index order");
        }
    }

    @Test
    void aChunkThatAnotherStorePutBackBehindTheClaimsIsClaimedBeforeTheQueueRunsDry() {
        try (PostgresChunkStore first = PostgresChunkStore.open(pool);
             PostgresChunkStore second = PostgresChunkStore.open(pool)) {
            String exploration = "short-sweep";
            first.createExploration(ExplorationSpec.of(exploration, 10, 1));
            List<Lease> taken = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                taken.add(first.claim(exploration, "w1", LEASE).orElseThrow());
            }
            assertEquals(LeaseResult.APPLIED, second.fail(taken.get(1).token(), "the other store's worker failed"));

            List<Integer> claimedAfter = new ArrayList<>();
            Optional<Lease> next;
            while ((next = first.claim(exploration, "w1", LEASE)).isPresent()) {
                claimedAfter.add(next.get().range().index());
            }

            assertEquals(6, claimedAfter.size(), "the five chunks never claimed and the one put back: " + claimedAfter);
            assertTrue(claimedAfter.contains(1), "the chunk put back is claimed again: " + claimedAfter);
        }
    }

    /** Blocks of the pending index read so far (from the buffer cache or not), as this connection's statistics say. */
    private static long pendingIndexPagesRead() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()"); // the session's counts reach the view when idle
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("SELECT idx_blks_hit + idx_blks_read FROM pg_statio_user_indexes"
                    + " WHERE indexrelname = 'chunks_pending'")) {
                assertTrue(rs.next(), "the pending index has statistics");
                return rs.getLong(1);
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
