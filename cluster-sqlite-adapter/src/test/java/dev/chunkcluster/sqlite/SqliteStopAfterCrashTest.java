package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.chunkcluster.sqlite.TestSupport.execute;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2 AM case: the coordinator died and left rows {@code running} that nobody works on. Stop, through this store,
 * resets them in the database first and reports the counts; a second Stop changes nothing.
 */
class SqliteStopAfterCrashTest {

    private static final String NAME = "strategy-sweep";

    @TempDir
    Path directory;

    @Test
    void stopResetsRowsLeftRunningByADeadProcessAndASecondStopResetsNothing() throws Exception {
        Path database = directory.resolve("cluster.db");
        Clock clock = Clock.systemUTC();
        List<Chunk> completedBefore;
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of(NAME, 4096, 512));
            for (int i = 0; i < 2; i++) {
                Lease lease = store.claim(NAME, "worker-1", Duration.ofMinutes(5)).orElseThrow();
                store.complete(lease.token(), "{\"sharpe\":" + i + "}");
            }
            completedBefore = completed(store);
        }

        // What the crashed coordinator left behind, as its own SQL wrote it.
        execute(database, "UPDATE chunks SET status = 'running', assigned_worker = 'distributed_worker pid 999999', "
                + "started_at = '2026-11-29T02:00:00.000Z', attempt = attempt + 1, "
                + "lease_expires_at = '2026-11-29T02:05:00.000Z' WHERE exploration = '" + NAME + "' AND idx IN (3, 4, 5)");
        assertEquals("3", queryString(database, "SELECT COUNT(*) FROM chunks WHERE status = 'running'"));

        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            assertEquals(new ChunkCounts(8, 3, 3, 2, 0), store.snapshot(NAME).counts());
            assertEquals(3, store.snapshot(NAME).expiredLeases(), "the leases ran out long ago");
            StopPolicy stop = new StopPolicy(store, new FakeProcessController(clock), Duration.ofSeconds(1));

            StopReport first = stop.stop(NAME);

            assertTrue(first.success(), first.message());
            assertEquals(3, first.chunksReset());
            assertEquals(6, first.totalPending());
            assertTrue(first.message().contains("reset 3 running chunks"), first.message());
            assertEquals(new ChunkCounts(8, 6, 0, 2, 0), store.snapshot(NAME).counts());
            assertEquals(DesiredState.STOPPED, store.desiredState(NAME));
            assertEquals(Optional.empty(), store.claim(NAME, "worker-2", Duration.ofMinutes(5)),
                    "nothing can be claimed after Stop");
            for (Chunk chunk : StoredChunks.of(store, NAME)) {
                if (chunk.index() >= 3 && chunk.index() <= 5) {
                    assertEquals(ChunkStatus.PENDING, chunk.status());
                    assertEquals(null, chunk.assignedWorker());
                    assertEquals(null, chunk.startedAt());
                    assertEquals(null, chunk.leaseExpiresAt());
                    assertEquals(0, chunk.failures(), "a stop is not the chunk's fault");
                    assertEquals(1, chunk.attempt(), "the attempt stays, so the dead lease stays invalid");
                }
            }

            StopReport second = stop.stop(NAME);

            assertTrue(second.success(), second.message());
            assertEquals(0, second.chunksReset());
            assertEquals(6, second.totalPending());
            assertEquals(completedBefore, completed(store), "completed rows are never touched");
        }
        assertEquals("pending|6", queryString(database,
                "SELECT status || '|' || COUNT(*) FROM chunks WHERE status = 'pending' GROUP BY status"));
    }

    private static List<Chunk> completed(SqliteChunkStore store) {
        return StoredChunks.of(store, NAME).stream().filter(chunk -> chunk.status() == ChunkStatus.COMPLETED).toList();
    }
}
