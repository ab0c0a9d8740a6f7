package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.port.ChunkStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stop and Start are write operations: without explicit access the endpoint only reads. */
class EndpointAccessTest {

    @TempDir
    Path dir;

    @Test
    void withoutUnrestrictedAccessStopIsNotThereAndTheExplorationKeepsRunning() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StarterTestApplication.class)
                .properties("chunkcluster.exploration=guarded", "chunkcluster.create.combinations=20",
                        "chunkcluster.create.chunk-size=10", "chunkcluster.worker.enabled=false",
                        "chunkcluster.sqlite.path=" + dir.resolve("exploration.db"), "server.port=0",
                        "server.address=127.0.0.1", "management.endpoints.web.exposure.include=chunkcluster",
                        StarterTestApplication.WITHOUT_DATA_SOURCE)
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/actuator/chunkcluster");

            HttpResponse<String> status = http.send(HttpRequest.newBuilder(endpoint).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> stop = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/stop"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, status.statusCode());
            assertTrue(status.body().contains("\"state\":\"pending\""), status.body());
            assertTrue(stop.statusCode() >= 400 && stop.statusCode() < 500, stop.statusCode() + " " + stop.body());
            assertEquals(DesiredState.RUNNING, context.getBean(ChunkStore.class).desiredState("guarded"));
        }
    }
}
