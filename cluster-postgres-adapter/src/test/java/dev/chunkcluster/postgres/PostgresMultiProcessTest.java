package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.ClaimRecords;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight JVMs claim and complete 20,000 chunks through one PostgreSQL server: no chunk is ever claimed twice, every
 * chunk is completed exactly once, and no worker sees an error.
 */
@Tag("slow")
class PostgresMultiProcessTest {

    private static final String NAME = "sweep";
    private static final int CHUNKS = 20_000;
    private static final int PROCESSES = 8;

    @TempDir
    Path directory;

    @Test
    void eightProcessesShareTheWorkWithoutOverlap() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String database = server.createDatabase("multi");
        try (HikariDataSource pool = server.pool(database, 2);
             PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of(NAME, CHUNKS, 1));
        }

        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < PROCESSES; w++) {
            // Half the workers claim one chunk at a time, half in batches, so both paths race each other.
            String batch = w % 2 == 0 ? "1" : "16";
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"),
                    PostgresClaimWorkerMain.class.getName(), server.jdbcUrl(database), NAME, worker(w),
                    records(w).toString(), batch)
                    .redirectOutput(directory.resolve(worker(w) + ".out").toFile())
                    .redirectError(directory.resolve(worker(w) + ".err").toFile());
            builder.environment().put(PostgresClaimWorkerMain.PASSWORD_ENV, PostgresServer.PASSWORD);
            workers.add(builder.start());
        }
        List<Path> files = new ArrayList<>();
        for (int w = 0; w < PROCESSES; w++) {
            files.add(records(w));
        }
        ClaimRecords.startTogether(files);
        for (int w = 0; w < PROCESSES; w++) {
            Process worker = workers.get(w);
            if (!worker.waitFor(5, TimeUnit.MINUTES)) {
                workers.forEach(Process::destroyForcibly);
                throw new AssertionError(worker(w) + " did not finish within 5 minutes");
            }
            String errors = Files.readString(directory.resolve(worker(w) + ".err"));
            assertEquals(0, worker.exitValue(), worker(w) + " failed: " + errors);
            assertFalse(errors.contains("Exception"), worker(w) + " logged an exception: " + errors);
        }

        ClaimRecords.verify(files, CHUNKS);

        try (HikariDataSource pool = server.pool(database, 2);
             PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            assertEquals(new ChunkCounts(CHUNKS, 0, 0, CHUNKS, 0), store.snapshot(NAME).counts());
            for (Chunk chunk : StoredChunks.of(store, NAME)) {
                assertEquals(ChunkStatus.COMPLETED, chunk.status());
                assertEquals(1, chunk.attempt(), "chunk " + chunk.id() + " was claimed more than once");
                assertEquals("done by " + chunk.assignedWorker(), chunk.result());
            }
        }
        assertEquals(List.of("completed|" + CHUNKS),
                server.psql(database, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));
    }

    private static String worker(int w) {
        return "worker-" + w;
    }

    private Path records(int w) {
        return directory.resolve(worker(w) + ".records");
    }
}
