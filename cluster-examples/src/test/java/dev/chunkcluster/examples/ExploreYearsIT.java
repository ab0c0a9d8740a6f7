package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code --years} through the real jar: a small sweep over 2 years of prices gives the same ten best sets on two
 * worker processes as inline, and other ones than over the default 20 years, so the workers really computed over the
 * years the exploration was created with.
 */
@Tag("slow")
class ExploreYearsIT {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void workersComputeOverTheExplorationsYearsAsInlineDoes() throws Exception {
        Path db = dir.resolve("years.db");
        Jar.Result cluster;
        try {
            cluster = Jar.run(dir, RUN_TIMEOUT, "explore", "--db", db.toString(), "--workers", "2", "--years", "2",
                    "--combinations", "256", "--chunk-size", "32", "--json");
        } finally {
            LocalProcessController.create(ProcessOptions.builder(ProcessOptions.stateDirectoryFor(db)).build())
                    .stopAll(Sweep.NAME, Duration.ofSeconds(5));
        }
        assertEquals(0, cluster.exitCode(), cluster.toString());
        Jar.Result inline = Jar.run(dir, RUN_TIMEOUT, "explore", "--inline", "--json", "--years", "2",
                "--combinations", "256");
        assertEquals(0, inline.exitCode(), inline.toString());
        Jar.Result twenty = Jar.run(dir, RUN_TIMEOUT, "explore", "--inline", "--json", "--combinations", "256");
        assertEquals(0, twenty.exitCode(), twenty.toString());

        JsonNode clusterTop = Json.mapper().readTree(cluster.out()).get("top");
        JsonNode inlineTop = Json.mapper().readTree(inline.out()).get("top");
        assertEquals(10, inlineTop.size());
        assertEquals(inlineTop, clusterTop, "the workers' ten best over 2 years equal the inline run's");
        assertNotEquals(Json.mapper().readTree(twenty.out()).get("top"), inlineTop,
                "2 years of prices rank otherwise than 20");
    }
}
