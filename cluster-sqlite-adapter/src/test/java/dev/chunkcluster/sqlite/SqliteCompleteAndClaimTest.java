package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.core.status.ChunkCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static dev.chunkcluster.sqlite.TestSupport.jdbc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQLite store completes and claims in one transaction: both happen, or neither. */
class SqliteCompleteAndClaimTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path directory;

    @Test
    void aClaimThatFailsTakesTheCompletionBackWithIt() {
        try (SqliteChunkStore store = SqliteChunkStore.open(directory.resolve("one-transaction.db"))) {
            store.createExploration(ExplorationSpec.of("sweep", 20, 10));
            Lease lease = store.claim("sweep", "w1", LEASE).orElseThrow();

            assertThrows(ExplorationNotFoundException.class,
                    () -> store.completeAndClaim(lease.token(), "r", "no-such-exploration", LEASE));

            Chunk chunk = store.chunk(lease.token().chunkId()).orElseThrow();
            assertEquals(ChunkStatus.RUNNING, chunk.status());
            assertNull(chunk.result());
            CompletionAndClaim outcome = store.completeAndClaim(lease.token(), "r", "sweep", LEASE);
            assertEquals(LeaseResult.APPLIED, outcome.completion());
            assertTrue(outcome.next().isPresent());
        }
    }

    @Test
    void aHeldWriteLockIsReportedAndNeitherStepIsWritten() throws Exception {
        Path database = directory.resolve("busy.db");
        SqliteOptions options = SqliteOptions.builder().busyTimeout(Duration.ofMillis(300)).build();
        try (SqliteChunkStore store = SqliteChunkStore.open(database, options)) {
            store.createExploration(ExplorationSpec.of("sweep", 20, 10));
            Lease lease = store.claim("sweep", "w1", LEASE).orElseThrow();
            try (Connection other = jdbc(database); Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                StoreBusyException busy = assertThrows(StoreBusyException.class,
                        () -> store.completeAndClaim(lease.token(), "r", "sweep", LEASE));
                assertTrue(busy.getMessage().contains("complete " + lease.token() + " and claim the next chunk"),
                        busy.getMessage());
                statement.execute("ROLLBACK");
            }
            assertEquals(new ChunkCounts(2, 1, 1, 0, 0), store.snapshot("sweep").counts());
        }
    }
}
