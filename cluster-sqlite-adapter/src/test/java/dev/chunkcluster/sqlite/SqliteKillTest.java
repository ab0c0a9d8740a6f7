package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.status.ChunkCounts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.chunkcluster.sqlite.TestSupport.await;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static dev.chunkcluster.sqlite.TestSupport.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer killed with SIGKILL in the middle of its work: the next open recovers from the WAL, every completion the
 * writer saw committed is there, and a half-done transaction left nothing behind.
 */
@Tag("slow")
class SqliteKillTest {

    private static final String NAME = "sweep";

    @TempDir
    Path directory;

    @Test
    void everyCommittedCompletionSurvivesSigkill() throws Exception {
        Path database = directory.resolve("killed.db");
        int chunks = 200_000;
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of(NAME, chunks, 1));
        }
        Path log = directory.resolve("writer.log");
        Process writer = TestSupport.start(TestSupport.javaCommand(TestSupport.testClassPath(),
                KillableWriterMain.class, "complete", database.toString(), NAME, log.toString()), directory, "writer");

        await(Duration.ofSeconds(60), "the writer to report 2000 commits",
                () -> !writer.isAlive() || completedLines(log).size() >= 2000);
        assertTrue(writer.isAlive(), "the writer was still working; stderr: " + read(directory.resolve("writer.err")));
        writer.destroyForcibly();
        assertEquals(137, writer.waitFor(), "killed by SIGKILL");

        List<Long> reported = completedLines(log);
        assertTrue(Files.exists(directory.resolve("killed.db-wal")), "the WAL is left for recovery");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            for (long id : reported) {
                assertEquals(ChunkStatus.COMPLETED, store.chunk(id).orElseThrow().status(),
                        "chunk " + id + " was reported committed");
            }
            ChunkCounts counts = store.snapshot(NAME).counts();
            assertTrue(counts.completed() >= reported.size(), counts + " vs " + reported.size() + " reported");
            assertTrue(counts.completed() <= reported.size() + 1, "at most one commit was not yet reported: " + counts);
            assertTrue(counts.running() <= 1, "at most the chunk in hand is left running: " + counts);
            assertEquals(chunks, counts.total());
        }
        assertEquals("ok", queryString(database, "PRAGMA integrity_check"));
    }

    @Test
    void aKilledCreationLeavesAllOrNothing() throws Exception {
        Path database = directory.resolve("creating.db");
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("first", 10, 1));
        }
        Path log = directory.resolve("creator.log");
        int chunks = 2_000_000;
        Process creator = TestSupport.start(TestSupport.javaCommand(TestSupport.testClassPath(),
                KillableWriterMain.class, "create", database.toString(), NAME, String.valueOf(chunks), log.toString()),
                directory, "creator");

        await(Duration.ofSeconds(60), "the creator to start its transaction",
                () -> !creator.isAlive() || read(log).contains("creating"));
        creator.destroyForcibly();
        creator.waitFor();
        boolean reportedCreated = read(log).contains("created");

        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            Optional<ExplorationSpec> spec = store.exploration(NAME);
            if (spec.isPresent()) {
                assertEquals(chunks, store.snapshot(NAME).counts().total(), "all chunks or none");
            } else {
                assertTrue(!reportedCreated, "reported created but missing");
                assertEquals("0", queryString(database, "SELECT COUNT(*) FROM chunks WHERE exploration = '" + NAME + "'"),
                        "no chunk of a rolled-back exploration");
            }
            assertEquals(10, store.snapshot("first").counts().pending(), "earlier work is intact");
        }
        assertEquals("ok", queryString(database, "PRAGMA integrity_check"));
    }

    /** Chunk ids of complete lines; a line cut by the kill is ignored. */
    private static List<Long> completedLines(Path log) {
        List<Long> ids = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return ids;
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return ids;
            }
            for (String line : text.substring(0, end).split("\n")) {
                ids.add(Long.parseLong(line.substring("completed ".length())));
            }
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }
}
