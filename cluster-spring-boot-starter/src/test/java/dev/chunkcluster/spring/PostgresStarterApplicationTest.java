package dev.chunkcluster.spring;

import dev.chunkcluster.postgres.PostgresServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter's scenario on the application's DataSource, on a real PostgreSQL server on loopback. */
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
                "management.endpoint.chunkcluster.access=unrestricted"
        })
class PostgresStarterApplicationTest extends StarterApplicationScenario {

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        PostgresServer server = PostgresServer.shared();
        String database = server.createDatabase("starter");
        registry.add("spring.datasource.url", () -> server.jdbcUrl(database));
        registry.add("spring.datasource.username", () -> PostgresServer.USER);
        registry.add("spring.datasource.password", () -> PostgresServer.PASSWORD);
    }
}
