package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.micrometer.ChunkClusterMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.chunkcluster.micrometer.ChunkClusterMeters.EXPLORATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The user's view of the starter, run by a subclass per store: a small exploration runs to the end in the
 * application, the health endpoint is read in each state, Stop and Start go through the Actuator endpoint, and the
 * Micrometer meters agree with the store's counts.
 */
abstract class StarterApplicationScenario {

    static final String NAME = "spring-sweep";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 25;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    ChunkStore store;
    @Autowired
    MeterRegistry registry;
    @Autowired
    StarterTestApplication.GatedHandler handler;
    @Autowired
    ChunkClusterWorker worker;

    @Test
    void aChunkHandlerBeanGetsAWorkerHealthMetricsAndAStopEndpoint() throws Exception {
        assertTrue(handler.entered.await(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                "the worker started on its own and claimed a chunk");
        Response processing = get("/actuator/health/chunkCluster");
        assertEquals(200, processing.code(), processing.body().toString());
        assertEquals("UP", processing.body().get("status").asString());
        assertEquals("processing", detail(processing, "state"));

        Response stopped = post("/actuator/chunkcluster/stop");
        assertEquals(200, stopped.code(), stopped.body().toString());
        assertTrue(stopped.body().get("success").asBoolean(), stopped.body().toString());
        assertEquals(1, stopped.body().get("chunksReset").asLong());
        await("the worker ends after Stop", () -> !worker.isRunning());
        Response pending = get("/actuator/health/chunkCluster");
        assertEquals("UP", pending.body().get("status").asString());
        assertEquals("pending", detail(pending, "state"));
        assertEquals("stopped", detail(pending, "desired"));
        assertEquals(1, counter(ChunkClusterMeters.RESETS, ChunkClusterMeters.CAUSE, "stop"));
        assertEquals(1, registry.get(ChunkClusterMeters.STOP_DURATION)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.STEP, "database").timer().count());

        // A worker elsewhere claims a chunk and dies: its lease expires and the health goes DOWN.
        store.setDesiredState(NAME, DesiredState.RUNNING);
        store.claim(NAME, "gone-worker", Duration.ofMillis(1)).orElseThrow();
        await("the health shows the expired lease", () -> get("/actuator/health/chunkCluster").code() == 503);
        Response down = get("/actuator/health/chunkCluster");
        assertEquals("DOWN", down.body().get("status").asString());
        assertEquals(1, down.body().get("details").get("expiredLeases").asLong());

        handler.open();
        Response started = post("/actuator/chunkcluster/start");
        assertEquals(1, started.body().get("chunksRequeued").asLong(), started.body().toString());
        await("the exploration completes", () -> "complete".equals(get("/actuator/chunkcluster").body()
                .get("state").asString()));
        Response complete = get("/actuator/health/chunkCluster");
        assertEquals("UP", complete.body().get("status").asString());
        assertEquals("complete", detail(complete, "state"));

        ChunkCounts counts = store.snapshot(NAME).counts();
        assertEquals(new ChunkCounts(20, 0, 0, 20, 0), counts);
        assertEquals(counts.completed(), registry.get(ChunkClusterMeters.CHUNKS)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.STATUS, "completed").gauge().value());
        assertEquals(0, registry.get(ChunkClusterMeters.CHUNKS)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.STATUS, "pending").gauge().value());
        List<Chunk> chunks = new ArrayList<>();
        store.forEachChunk(NAME, chunks::add);
        long failures = chunks.stream().mapToLong(Chunk::failures).sum();
        assertEquals(2, failures, "the handler's failure and the expired lease");
        assertEquals(counts.completed(), counter(ChunkClusterMeters.COMPLETIONS));
        assertEquals(1, counter(ChunkClusterMeters.FAILURES));
        assertEquals(1, counter(ChunkClusterMeters.ABANDONED), "the chunk in hand at Stop");
        assertEquals(1, counter(ChunkClusterMeters.EXPIRIES, ChunkClusterMeters.OUTCOME, "requeued"));
        assertEquals(counts.completed() + 1 + 1, counter(ChunkClusterMeters.CLAIMS),
                "every claim ended completed, failed or abandoned");
        assertEquals(counts.completed(), registry.get(ChunkClusterMeters.CHUNK_DURATION)
                .tags(EXPLORATION, NAME, ChunkClusterMeters.OUTCOME, "completed").timer().count());
        assertEquals(ChunkStatus.COMPLETED, chunks.get(StarterTestApplication.FAILING_INDEX).status());
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tag(EXPLORATION, NAME).tags(tags).counter().count();
    }

    private static String detail(Response response, String name) {
        return response.body().get("details").get(name).asString();
    }

    record Response(int code, JsonNode body) {
    }

    private Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), json.readTree(response.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} at the deadline. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + DEADLINE.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
