package dev.chunkcluster.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server on the test kit's in-memory store and fake processes, and an HTTP client for it. */
abstract class ServerFixture {

    static final String NAME = "ma-atr-sweep";
    static final String TOKEN = "s3cret-token-0123456789";

    SettableClock clock;
    InMemoryChunkStore store;
    FakeProcessController processes;
    ClusterApi api;
    ApiServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void setUp() {
        clock = new SettableClock();
        store = new InMemoryChunkStore(clock);
        processes = new FakeProcessController(clock);
        store.createExploration(ExplorationSpec.of(NAME, 4096, 1366));
        api = new ClusterApi(store, processes, NAME,
                () -> LaunchSpec.of(ProcessRole.COORDINATOR, NAME, List.of("java", "coordinator")),
                Duration.ofSeconds(1), clock);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    ApiServer serve(String token, Duration healthInterval) {
        server = ApiServer.start(api, new ServerOptions(InetAddress.getLoopbackAddress(), 0, token, healthInterval));
        return server;
    }

    ApiServer serve() {
        return serve(null, Duration.ZERO);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON content type: " + response.headers().map());
        return Json.mapper().readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String fragment) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(status, body.get("status").asInt());
        String error = body.get("error").asText();
        assertTrue(error.contains(fragment), "'" + error + "' should contain '" + fragment + "'");
        assertFalse(response.body().contains("\tat "), "no stack trace: " + response.body());
    }
}
