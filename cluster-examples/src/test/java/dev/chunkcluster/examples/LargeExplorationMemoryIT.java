package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.RankedResult;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.examples.support.Sql;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory that does not grow with the exploration: {@value #CHUNKS} chunks are created by the library, and the status,
 * the top ten results and Stop run through the real jar, each in a JVM whose heap is {@value #HEAP}. A command that
 * held every chunk would end in an OutOfMemoryError: these chunks, a third of them with their result documents, do
 * not fit in a list even in twice that heap. About 10 s: five JVMs and the writes of the setup.
 */
@Tag("slow")
class LargeExplorationMemoryIT {

    static final String HEAP = "-Xmx32m";
    static final int CHUNKS = 300_000;
    static final int COMPLETED = 100_000;
    static final int RUNNING = 1_000;
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void creationStatusResultsAndStopRunInASmallHeap() throws Exception {
        Path db = dir.resolve("exploration.db");
        create(db);

        String template = ChunkResult.of(0, 1, 1, List.of(new RankedResult(123456789, 10, 50, 2.5, 1.0, 0.4321,
                0.1, 0.2, 1.1, 12))).toJson();
        assertEquals(COMPLETED, Sql.update(db, "UPDATE chunks SET status = 'completed', attempt = 1, tested = 1,"
                + " assigned_worker = 'w', finished_at = '2026-01-01T00:00:00.000Z', result = replace(replace('"
                + template + "', '\"combination\":123456789', '\"combination\":' || idx),"
                + " '\"score\":0.4321', '\"score\":' || (idx % 1000)) WHERE idx < " + COMPLETED));
        assertEquals(RUNNING, Sql.update(db, "UPDATE chunks SET status = 'running', attempt = 1,"
                + " assigned_worker = 'gone', started_at = '2026-01-01T00:00:00.000Z',"
                + " lease_expires_at = '2999-01-01T00:00:00.000Z' WHERE idx >= " + COMPLETED + " AND idx < "
                + (COMPLETED + RUNNING)));

        JsonNode status = json(cli(db, "status", "--json")).get("exploration").get("chunks");
        assertEquals(CHUNKS, status.get("total").asLong());
        assertEquals(COMPLETED, status.get("completed").asLong());
        assertEquals(RUNNING, status.get("running").asLong());

        JsonNode results = json(cli(db, "results", "--json"));
        assertEquals(COMPLETED, results.get("completedChunks").asLong());
        assertEquals(10, results.get("top").size());
        assertEquals(999.0, results.get("top").get(0).get("score").asDouble(), "the best score of all pages");

        JsonNode stop = json(cli(db, "stop", "--json"));
        assertTrue(stop.get("success").asBoolean(), stop.toString());
        assertEquals(RUNNING, stop.get("chunksReset").asLong());
    }

    /** Creates the exploration in a JVM of the same small heap, as {@code init} would at a size the demo allows. */
    private void create(Path db) throws IOException, InterruptedException {
        Path log = dir.resolve("create.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path"), Create.class.getName(), db.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "creation within " + TIMEOUT);
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), Files.readString(log));
    }

    private Jar.Result cli(Path db, String... command) {
        String[] args = new String[command.length + 2];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--db";
        args[command.length + 1] = db.toString();
        return Jar.run(dir, TIMEOUT, List.of(HEAP), args);
    }

    private static JsonNode json(Jar.Result result) throws IOException {
        assertEquals(0, result.exitCode(), result.toString());
        return Json.mapper().readTree(result.out());
    }

    /** {@code Create DB}: the sweep's exploration with {@value #CHUNKS} chunks of one combination. */
    static final class Create {
        public static void main(String[] args) {
            try (SqliteChunkStore store = SqliteChunkStore.open(Path.of(args[0]))) {
                store.createExploration(ExplorationSpec.of(Sweep.NAME, CHUNKS, 1));
            }
        }
    }
}
