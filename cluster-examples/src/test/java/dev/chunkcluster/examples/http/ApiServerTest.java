package dev.chunkcluster.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.testkit.FakeProcessController;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP contract of both endpoints, on the test kit's in-memory store and fake processes. */
class ApiServerTest extends ServerFixture {

    // --- GET /api/cluster/status ---

    @Test
    void statusHasTheDocumentedShape() throws Exception {
        serve();
        store.claim(NAME, "worker-1", Duration.ofSeconds(30));
        HttpResponse<String> response = get("/api/cluster/status");
        assertEquals(200, response.statusCode());
        JsonNode body = json(response);
        assertEquals("PROCESSING", body.get("state").asText());
        assertFalse(body.get("isRunning").asBoolean());
        JsonNode exploration = body.get("exploration");
        assertEquals(4096, exploration.get("totalCombinations").asLong());
        assertEquals(0, exploration.get("testedCombinations").asLong());
        assertEquals(0.0, exploration.get("progress").asDouble());
        JsonNode chunks = exploration.get("chunks");
        assertEquals(3, chunks.get("total").asInt());
        assertEquals(0, chunks.get("completed").asInt());
        assertEquals(1, chunks.get("running").asInt());
        assertEquals(2, chunks.get("pending").asInt());
        assertEquals(0, chunks.get("failed").asInt());
        assertEquals(1, body.get("health").get("staleRunning").asInt());
        assertTrue(body.get("health").get("message").isTextual());
        assertTrue(body.get("processes").isArray());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void statusListsTheLiveProcesses() throws Exception {
        serve();
        processes.track(ProcessRole.COORDINATOR, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        JsonNode body = json(get("/api/cluster/status"));
        assertTrue(body.get("isRunning").asBoolean());
        assertEquals("coordinator", body.get("processes").get(0).get("role").asText());
        assertTrue(body.get("processes").get(0).get("pid").asLong() > 0);
    }

    @Test
    void statusRefusesOtherMethods() throws Exception {
        serve();
        HttpResponse<String> response = post("/api/cluster/status", "application/json", "{}");
        assertError(response, 405, "use GET");
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
        assertError(send("DELETE", "/api/cluster/status"), 405, "DELETE");
    }

    // --- POST /api/cluster/control ---

    @Test
    void stopResetsRunningChunksDatabaseFirst() throws Exception {
        serve();
        store.claim(NAME, "worker-1", Duration.ofSeconds(30));
        store.claim(NAME, "worker-2", Duration.ofSeconds(30));
        store.claim(NAME, "worker-3", Duration.ofSeconds(30));
        HttpResponse<String> response = post("/api/cluster/control", "application/json", "{\"action\": \"stop\"}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertTrue(body.get("success").asBoolean());
        assertEquals(3, body.get("chunksReset").asInt());
        assertEquals(3, body.get("totalPending").asInt());
        assertFalse(body.get("isRunning").asBoolean());
        assertTrue(body.get("message").asText().startsWith("Stopped"));
        assertTrue(body.get("processes").isObject());
        assertEquals("PENDING", json(get("/api/cluster/status")).get("state").asText());

        JsonNode again = json(post("/api/cluster/control", "application/json; charset=utf-8",
                "{\"action\":\"stop\"}"));
        assertTrue(again.get("success").asBoolean());
        assertEquals(0, again.get("chunksReset").asInt());
    }

    @Test
    void startLaunchesTheCoordinator() throws Exception {
        serve();
        JsonNode body = json(post("/api/cluster/control", "application/json", "{\"action\": \"start\"}"));
        assertTrue(body.get("success").asBoolean());
        assertTrue(body.get("isRunning").asBoolean());
        assertEquals(3, body.get("totalPending").asInt());
        assertEquals(1, body.get("processes").get("launched").asInt());
        assertEquals(1, processes.launchCount(ProcessRole.COORDINATOR));
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        serve();
        assertError(post("/api/cluster/control", "application/json", "{\"action\": "), 400, "malformed JSON");
        assertError(post("/api/cluster/control", "application/json", "{\"action\": \"stop\"} trailing"), 400,
                "malformed JSON");
        assertError(post("/api/cluster/control", "application/json", "[\"stop\"]"), 400, "JSON object");
        assertError(post("/api/cluster/control", "application/json", "{\"verb\": \"stop\"}"), 400,
                "missing \"action\"");
        assertError(post("/api/cluster/control", "application/json", "{\"action\": 1}"), 400,
                "missing \"action\"");
        assertEquals(0, processes.launchCount(ProcessRole.COORDINATOR));
        assertEquals("running", json(get("/api/cluster/status")).get("desired").asText());
    }

    @Test
    void unknownActionIsA400() throws Exception {
        serve();
        assertError(post("/api/cluster/control", "application/json", "{\"action\": \"restart\"}"), 400,
                "unknown action 'restart'");
    }

    @Test
    void emptyBodyIsA400() throws Exception {
        serve();
        assertError(post("/api/cluster/control", "application/json", ""), 400, "empty body");
        assertError(post("/api/cluster/control", "application/json", "  \n"), 400, "empty body");
    }

    @Test
    void onlyJsonIsAccepted() throws Exception {
        serve();
        store.claim(NAME, "worker-1", Duration.ofSeconds(30));
        // what a cross-site HTML form can send
        assertError(post("/api/cluster/control", "application/x-www-form-urlencoded", "action=stop"), 415,
                "application/json");
        assertError(post("/api/cluster/control", "text/plain", "{\"action\": \"stop\"}"), 415,
                "application/json");
        assertError(post("/api/cluster/control", null, "{\"action\": \"stop\"}"), 415, "got none");
        assertEquals("PROCESSING", json(get("/api/cluster/status")).get("state").asText());
    }

    @Test
    void controlRefusesOtherMethods() throws Exception {
        serve();
        HttpResponse<String> response = get("/api/cluster/control");
        assertError(response, 405, "use POST");
        assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
        assertError(send("PUT", "/api/cluster/control"), 405, "PUT");
    }

    @Test
    void oversizedBodiesAreRefused() throws Exception {
        serve();
        String big = "{\"action\": \"stop\", \"pad\": \"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}";
        assertError(post("/api/cluster/control", "application/json", big), 413, "larger than");
    }

    // --- tokens and hosts ---

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        serve(TOKEN, Duration.ZERO);
        HttpResponse<String> missing = get("/api/cluster/status");
        assertError(missing, 401, "Authorization: Bearer");
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertError(get("/api/cluster/status", "Authorization", "Bearer wrong-token-0123456789"), 401,
                "wrong bearer token");
        assertError(get("/api/cluster/status", "Authorization", "Basic " + TOKEN), 401, "Bearer");
        assertError(get("/", "Authorization", "Bearer nope"), 401, "wrong bearer token");
        assertError(post("/api/cluster/control", "application/json", "{\"action\": \"stop\"}"), 401,
                "Authorization");
        assertEquals("running", json(get("/api/cluster/status", "Authorization", "Bearer " + TOKEN))
                .get("desired").asText());

        assertEquals(200, get("/api/cluster/status", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get("/", "Authorization", "Bearer " + TOKEN).statusCode());
        JsonNode stopped = json(post("/api/cluster/control", "application/json", "{\"action\": \"stop\"}",
                "Authorization", "Bearer " + TOKEN));
        assertTrue(stopped.get("success").asBoolean());
    }

    @Test
    void bindingBeyondLoopbackRequiresAToken() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.of("0.0.0.0", 0, null, Duration.ZERO, ServerOptions.DEFAULT_READ_TIMEOUT));
        assertTrue(e.getMessage().contains("--token"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of("127.0.0.1", 0, "short", Duration.ZERO, ServerOptions.DEFAULT_READ_TIMEOUT));
        assertEquals(TOKEN, ServerOptions.of("0.0.0.0", 0, TOKEN, Duration.ZERO, ServerOptions.DEFAULT_READ_TIMEOUT).token());
    }

    @Test
    void onLoopbackAForeignHostNameIsRefused() throws Exception {
        serve();
        String response = raw("GET /api/cluster/status HTTP/1.1\r\nHost: evil.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.contains("loopback"), response);
        assertTrue(raw("GET /api/cluster/status HTTP/1.1\r\nHost: localhost:" + server.port()
                + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // --- other paths ---

    @Test
    void theDashboardIsServedWithAStrictPolicy() throws Exception {
        serve();
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("id=\"state\""));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertEquals(200, get("/dashboard.js").statusCode());
        assertEquals(200, get("/dashboard.css").statusCode());
        assertEquals(200, send("HEAD", "/").statusCode());
        assertError(post("/", "application/json", "{}"), 405, "use GET");
    }

    @Test
    void unknownPathsAreA404() throws Exception {
        serve();
        assertError(get("/api/cluster/nope"), 404, "no such resource");
        assertError(get("/../etc/passwd"), 400, "malformed HTTP request");
    }

    @Test
    void resultsValidateTop() throws Exception {
        serve();
        JsonNode results = json(get("/api/cluster/results?top=3"));
        assertEquals(0, results.get("top").size());
        assertEquals(4096, results.get("totalCombinations").asLong());
        assertError(get("/api/cluster/results?top=11"), 400, "top must be");
        assertError(get("/api/cluster/results?top=x"), 400, "top must be");
    }

    @Test
    void theScheduledHealthCheckFixesOrphansAndSaysSo() throws Exception {
        store.claim(NAME, "worker-1", Duration.ofSeconds(30));
        // The schedule's first check runs at once; a long interval keeps it the last check while the test reads it (a
        // later check would find nothing to fix and say so instead).
        serve(null, Duration.ofHours(1));
        JsonNode body = Await.until("a health check that fixed the orphaned chunk", Duration.ofSeconds(30), () -> {
            JsonNode status = statusQuietly();
            JsonNode last = status.get("health").get("lastCheck");
            return !last.isNull() && last.get("totalFixed").asInt() >= 1 ? status : null;
        });
        assertEquals("PENDING", body.get("state").asText());
        assertTrue(body.get("health").get("lastCheck").get("message").asText().contains("reset"));
    }

    private JsonNode statusQuietly() {
        try {
            return json(get("/api/cluster/status"));
        } catch (Exception e) {
            throw new AssertionError("GET /api/cluster/status failed", e);
        }
    }

    @Test
    void aPortInUseIsNamed() {
        serve();
        ChunkClusterException e = assertThrows(ChunkClusterException.class, () -> ApiServer.start(api,
                new ServerOptions(InetAddress.getLoopbackAddress(), server.port(), null, Duration.ZERO)));
        assertTrue(e.getMessage().contains(":" + server.port()), e.getMessage());
        assertTrue(e.getMessage().contains("--port"), e.getMessage());
    }

    @Test
    void aMissingExplorationIsA404() throws Exception {
        ClusterApi missing = new ClusterApi(store, processes, "missing", () -> null, Duration.ZERO, clock);
        server = ApiServer.start(missing, new ServerOptions(InetAddress.getLoopbackAddress(), 0, null, Duration.ZERO));
        assertError(get("/api/cluster/status"), 404, "does not exist");
        assertError(post("/api/cluster/control", "application/json", "{\"action\": \"stop\"}"), 404,
                "does not exist");
    }

    @Test
    void anUnavailableStoreIsA503WithoutAStackTrace() throws Exception {
        ChunkStore failing = (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(),
                new Class<?>[]{ChunkStore.class}, (proxy, method, args) -> {
                    throw new StoreUnavailableException("database /data/exploration.db is locked; try again");
                });
        ClusterApi broken = new ClusterApi(failing, processes, NAME, () -> null, Duration.ZERO, clock);
        server = ApiServer.start(broken, new ServerOptions(InetAddress.getLoopbackAddress(), 0, null, Duration.ZERO));
        assertError(get("/api/cluster/status"), 503, "is locked");
        assertError(post("/api/cluster/control", "application/json", "{\"action\": \"start\"}"), 503,
                "is locked");
    }
}
