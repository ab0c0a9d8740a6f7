package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole cluster through the real jar: explore a small space with two workers, SIGKILL one worker in the middle of
 * a chunk (found in the process registry, killed by its recorded pid), and check that the run still completes with
 * every chunk recorded once and the same ten best sets as the inline run.
 */
@Tag("slow")
class ExploreEndToEndIT {

    static final int COMBINATIONS = 1024;
    static final int CHUNK_SIZE = 64;
    static final int CHUNKS = COMBINATIONS / CHUNK_SIZE;
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    /** A worker killed while it held a chunk: the chunk and the attempt it held. */
    record Killed(long pid, long chunkId, int attempt) {
    }

    @Test
    void survivesAWorkerKilledMidChunk() throws Exception {
        Path db = dir.resolve("e2e.db");
        LocalProcessController registry = LocalProcessController.create(
                ProcessOptions.builder(ProcessOptions.stateDirectoryFor(db)).build());
        Killed killed;
        Jar.Result explored;
        try (Jar.Child explore = Jar.start(dir, "explore", "--db", db.toString(), "--workers", "2",
                "--combinations", Integer.toString(COMBINATIONS), "--chunk-size", Integer.toString(CHUNK_SIZE),
                "--lease", "3s", "--health-interval", "500ms", "--json")) {
            try {
                killed = killAWorkerHoldingAChunk(registry, db, explore);
                explored = explore.await(RUN_TIMEOUT);
            } finally {
                // Only what our explore launched is in this registry: end whatever of it is left.
                registry.stopAll(Sweep.NAME, Duration.ofSeconds(5));
            }
        }
        assertEquals(0, explored.exitCode(), explored.toString());

        try (SqliteChunkStore store = SqliteChunkStore.open(db)) {
            List<Chunk> chunks = StoredChunks.of(store, Sweep.NAME);
            assertEquals(CHUNKS, chunks.size());
            long tested = 0;
            for (Chunk chunk : chunks) {
                assertEquals(ChunkStatus.COMPLETED, chunk.status(), "chunk " + chunk.index());
                ChunkResult result = ChunkResult.fromJson(chunk.result());
                assertEquals(chunk.first(), result.first(), "chunk " + chunk.index() + " holds its own result");
                assertEquals(chunk.count(), result.tested());
                assertEquals(chunk.count(), chunk.tested());
                tested += chunk.tested();
            }
            assertEquals(COMBINATIONS, tested);
            Chunk recovered = store.chunk(killed.chunkId()).orElseThrow();
            assertEquals(ChunkStatus.COMPLETED, recovered.status());
            assertTrue(recovered.attempt() > killed.attempt(),
                    "the killed worker's chunk was claimed again: attempt " + recovered.attempt() + " after "
                            + killed.attempt());
            assertTrue(!("worker-" + killed.pid()).equals(recovered.assignedWorker()),
                    "recorded by a live worker, not the killed one");
        }

        Jar.Result status = Jar.run(dir, Duration.ofMinutes(1), "status", "--json", "--db", db.toString());
        assertEquals(0, status.exitCode(), status.toString());
        JsonNode body = Json.mapper().readTree(status.out());
        assertEquals("COMPLETE", body.get("state").asText());
        assertEquals(COMBINATIONS, body.get("exploration").get("testedCombinations").asLong());
        assertEquals(COMBINATIONS, body.get("exploration").get("totalCombinations").asLong());
        assertEquals(100.0, body.get("exploration").get("progress").asDouble());

        Jar.Result inline = Jar.run(dir, RUN_TIMEOUT, "explore", "--inline", "--json",
                "--combinations", Integer.toString(COMBINATIONS));
        assertEquals(0, inline.exitCode(), inline.toString());
        JsonNode clusterTop = Json.mapper().readTree(explored.out()).get("top");
        JsonNode inlineTop = Json.mapper().readTree(inline.out()).get("top");
        assertEquals(10, inlineTop.size());
        assertEquals(inlineTop, clusterTop, "the cluster's ten best equal the inline run's");

        Jar.Result results = Jar.run(dir, Duration.ofMinutes(1), "results", "--json", "--db", db.toString());
        assertEquals(inlineTop, Json.mapper().readTree(results.out()).get("top"));
    }

    /**
     * Finds a live worker that holds a running chunk and SIGKILLs it by the pid the registry recorded (after checking
     * that the pid still belongs to the recorded process). If the worker happened to finish that chunk just before
     * it died, another one is picked: the test needs a chunk abandoned mid-way, not a lucky timing.
     */
    private static Killed killAWorkerHoldingAChunk(LocalProcessController registry, Path db, Jar.Child explore) {
        try (SqliteChunkStore store = SqliteChunkStore.open(db)) {
            return Await.until("a worker killed while holding a chunk", RUN_TIMEOUT, () -> {
                assertTrue(explore.isAlive(), "explore ended before a worker could be killed:\n" + explore.out()
                        + explore.err());
                for (TrackedProcess worker : registry.listLive(Sweep.NAME)) {
                    if (worker.role() != ProcessRole.WORKER) {
                        continue;
                    }
                    Optional<Chunk> held = StoredChunks.of(store, Sweep.NAME).stream()
                            .filter(c -> c.status() == ChunkStatus.RUNNING
                                    && ("worker-" + worker.pid()).equals(c.assignedWorker()))
                            .findFirst();
                    if (held.isEmpty()) {
                        continue;
                    }
                    Killed killed = kill(worker, held.get(), store);
                    if (killed != null) {
                        return killed;
                    }
                }
                return null;
            });
        }
    }

    private static Killed kill(TrackedProcess worker, Chunk held, SqliteChunkStore store) {
        Optional<ProcessHandle> handle = ProcessHandle.of(worker.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return null;
        }
        Optional<Instant> started = handle.get().info().startInstant();
        assertTrue(started.isPresent() && Duration.between(worker.startedAt(), started.get()).abs()
                .compareTo(Duration.ofSeconds(1)) < 0, "pid " + worker.pid() + " is still the recorded worker");
        handle.get().destroyForcibly();
        try {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("worker pid " + worker.pid() + " did not die after SIGKILL", e);
        }
        Chunk after = store.chunk(held.id()).orElseThrow();
        boolean abandonedMidChunk = after.status() == ChunkStatus.RUNNING && after.attempt() == held.attempt()
                && held.assignedWorker().equals(after.assignedWorker());
        return abandonedMidChunk ? new Killed(worker.pid(), held.id(), held.attempt()) : null;
    }
}
