package dev.chunkcluster.spring;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/** The starter's scenario on a real SQLite file. */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "chunkcluster.exploration=" + StarterApplicationScenario.NAME,
                "chunkcluster.create.combinations=200",
                "chunkcluster.create.chunk-size=10",
                "chunkcluster.worker.lease=3s",
                "chunkcluster.stop.grace=10s",
                // the scenario shows an expired lease in the health and re-queues it by Start; LeaseReaperTest
                // covers the scheduled health check that would otherwise race it
                "chunkcluster.health-check.enabled=false",
                "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=health,chunkcluster",
                "management.endpoint.health.show-details=always",
                "management.endpoint.chunkcluster.access=unrestricted",
                StarterTestApplication.WITHOUT_DATA_SOURCE
        })
class SqliteStarterApplicationTest extends StarterApplicationScenario {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("chunkcluster.sqlite.path", () -> dir.resolve("exploration.db").toString());
    }
}
