package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.postgres.PostgresOptions;
import dev.chunkcluster.sqlite.SqliteOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The metadata an IDE completes from names every property, and its defaults are the library's constants. */
class ConfigurationMetadataTest {

    @Test
    void theDocumentedDefaultsAreTheLibrarysConstants() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "the configuration processor wrote the metadata");
            JsonMapper.builder().build().readTree(in).get("properties")
                    .forEach(p -> properties.put(p.get("name").asString(), p));
        }

        assertEquals(WorkerLoop.DEFAULT_LEASE, duration(properties, "chunkcluster.worker.lease"));
        assertEquals(StopPolicy.DEFAULT_GRACE, duration(properties, "chunkcluster.stop.grace"));
        assertEquals(Supervisor.DEFAULT_HEALTH_CHECK_INTERVAL,
                duration(properties, "chunkcluster.health-check.interval"));
        assertEquals(SqliteOptions.DEFAULT_BUSY_TIMEOUT, duration(properties, "chunkcluster.sqlite.busy-timeout"));
        assertEquals(PostgresOptions.DEFAULT_SCHEMA,
                properties.get("chunkcluster.postgres.schema").get("defaultValue").asString());
        assertEquals(ExplorationSpec.DEFAULT_MAX_FAILURES,
                properties.get("chunkcluster.create.max-failures").get("defaultValue").asInt());
        for (String name : new String[]{"chunkcluster.exploration", "chunkcluster.sqlite.path",
                "chunkcluster.create.combinations", "chunkcluster.create.chunk-size", "chunkcluster.worker.enabled",
                "chunkcluster.worker.id", "chunkcluster.worker.shutdown-wait", "chunkcluster.health-check.enabled"}) {
            assertNotNull(properties.get(name), name);
            assertNotNull(properties.get(name).get("description"), name + " has a description");
        }
    }

    private static java.time.Duration duration(Map<String, JsonNode> properties, String name) {
        return DurationStyle.detectAndParse(properties.get(name).get("defaultValue").asString());
    }
}
