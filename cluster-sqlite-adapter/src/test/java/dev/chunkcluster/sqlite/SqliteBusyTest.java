package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.status.ChunkCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static dev.chunkcluster.sqlite.TestSupport.jdbc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Another connection holds the write lock: the store waits its busy timeout, then reports, never swallows. */
class SqliteBusyTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration BUSY_TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path directory;

    @Test
    void aHeldWriteLockIsReportedAfterTheBusyTimeoutAndNothingIsWritten() throws Exception {
        Path database = directory.resolve("busy.db");
        SqliteOptions options = SqliteOptions.builder().busyTimeout(BUSY_TIMEOUT).build();
        try (SqliteChunkStore store = SqliteChunkStore.open(database, options)) {
            store.createExploration(ExplorationSpec.of("sweep", 10, 1));
            Lease lease = store.claim("sweep", "w1", LEASE).orElseThrow();

            try (Connection other = jdbc(database); Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");

                long started = System.nanoTime();
                StoreBusyException claim = assertThrows(StoreBusyException.class,
                        () -> store.claim("sweep", "w2", LEASE));
                long waitedMillis = (System.nanoTime() - started) / 1_000_000;

                String message = claim.getMessage();
                assertTrue(message.contains(database.toString()), message);
                assertTrue(message.contains("claim chunks of exploration 'sweep'"), "names the operation: " + message);
                assertTrue(message.contains("500 ms"), "names the timeout: " + message);
                assertTrue(message.contains("another connection"), "names the cause: " + message);
                assertTrue(message.contains("Retry later") && message.contains("busyTimeout"),
                        "says what to do: " + message);
                assertTrue(waitedMillis >= BUSY_TIMEOUT.toMillis(), "waited the busy timeout, not " + waitedMillis);
                // Retries stop at the busy timeout: four full waits would take 2000 ms.
                assertTrue(waitedMillis < 1_500, "bounded by the busy timeout: waited " + waitedMillis + " ms");

                assertThrows(StoreBusyException.class, () -> store.complete(lease.token(), "r"));
                assertThrows(StoreBusyException.class, () -> store.resetRunning("sweep", DesiredState.STOPPED));
                // WAL: reading goes on while another connection writes.
                assertEquals(new ChunkCounts(10, 9, 1, 0, 0), store.snapshot("sweep").counts());

                statement.execute("ROLLBACK");
            }

            assertEquals(new ChunkCounts(10, 9, 1, 0, 0), store.snapshot("sweep").counts());
            assertEquals(DesiredState.RUNNING, store.desiredState("sweep"));
            assertTrue(store.complete(lease.token(), "r").applied(), "the store works again once the lock is gone");
        }
    }
}
