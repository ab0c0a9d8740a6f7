package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.testkit.ClaimRecords;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chunkcluster.sqlite.TestSupport.exitCode;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static dev.chunkcluster.sqlite.TestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Separate JVMs claim and complete 10,000 chunks of one file together: no chunk is ever held by two workers under one
 * attempt, every chunk is completed exactly once, and no worker sees an error.
 */
@Tag("slow")
class SqliteMultiProcessTest {

    private static final String NAME = "sweep";
    private static final int CHUNKS = 10_000;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} processes")
    @ValueSource(ints = {4, 8})
    void processesShareTheWorkWithoutOverlap(int processes) throws Exception {
        Path database = directory.resolve("shared.db");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of(NAME, CHUNKS, 1));
        }

        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < processes; w++) {
            // Half the workers claim one chunk at a time, half in batches, so both paths race each other.
            String batch = w % 2 == 0 ? "1" : "8";
            workers.add(TestSupport.start(TestSupport.javaCommand(TestSupport.testClassPath(), ClaimWorkerMain.class,
                    database.toString(), NAME, worker(w), records(w).toString(), batch), directory, worker(w)));
        }
        List<Path> files = new ArrayList<>();
        for (int w = 0; w < processes; w++) {
            files.add(records(w));
        }
        ClaimRecords.startTogether(files);
        for (int w = 0; w < processes; w++) {
            int exit = exitCode(workers.get(w), Duration.ofMinutes(3), directory, worker(w));
            String errors = read(directory.resolve(worker(w) + ".err"));
            assertEquals(0, exit, worker(w) + " failed: " + errors);
            assertFalse(errors.contains("Exception"), worker(w) + " logged an exception: " + errors);
        }

        ClaimRecords.verify(files, CHUNKS);

        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            assertEquals(new ChunkCounts(CHUNKS, 0, 0, CHUNKS, 0), store.snapshot(NAME).counts());
            assertEquals(CHUNKS, store.snapshot(NAME).testedCombinations());
            for (Chunk chunk : StoredChunks.of(store, NAME)) {
                assertEquals(ChunkStatus.COMPLETED, chunk.status());
                assertEquals(1, chunk.attempt(), "chunk " + chunk.id() + " was claimed more than once");
                assertEquals("done by " + chunk.assignedWorker(), chunk.result());
            }
        }
        assertEquals("ok", queryString(database, "PRAGMA integrity_check"));
    }

    private static String worker(int w) {
        return "worker-" + w;
    }

    private Path records(int w) {
        return directory.resolve(worker(w) + ".records");
    }
}
