package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.examples.support.Sql;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2 AM case, through the real jar: a coordinator died and left its three chunks running. Status must say so, and
 * Stop must reset them database first, with nothing to kill.
 */
@Tag("slow")
class CrashRecoveryCliIT {

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    Jar.Result cli(String... args) {
        String[] withDb = new String[args.length + 2];
        System.arraycopy(args, 0, withDb, 0, args.length);
        withDb[args.length] = "--db";
        withDb[args.length + 1] = dir.resolve("exploration.db").toString();
        return Jar.run(dir, TIMEOUT, withDb);
    }

    static JsonNode json(Jar.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.err().isEmpty(), "nothing on stderr: " + result);
        return Json.mapper().readTree(result.out());
    }

    @Test
    void stopResetsWhatADeadCoordinatorLeftRunning() throws Exception {
        Path db = dir.resolve("exploration.db");
        Jar.Result init = cli("init", "--chunk-size", "1366");
        assertEquals(0, init.exitCode(), init.toString());
        assertEquals(List.of("pending|3"), Sql.query(db, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));

        assertEquals(3, Sql.leaveAllChunksRunning(db));

        JsonNode crashed = json(cli("status", "--json"));
        assertEquals("PROCESSING", crashed.get("state").asText());
        assertEquals(3, crashed.get("health").get("staleRunning").asInt());
        assertFalse(crashed.get("isRunning").asBoolean());
        assertEquals(0, crashed.get("processes").size());

        JsonNode stopped = json(cli("stop", "--json"));
        assertTrue(stopped.get("success").asBoolean(), stopped.toString());
        assertEquals(3, stopped.get("chunksReset").asInt());
        assertEquals(3, stopped.get("totalPending").asInt());

        assertEquals(List.of("pending|3"), Sql.query(db, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));
        JsonNode after = json(cli("status", "--json"));
        assertEquals("PENDING", after.get("state").asText());
        assertEquals(0, after.get("health").get("staleRunning").asInt());

        JsonNode again = json(cli("stop", "--json"));
        assertTrue(again.get("success").asBoolean());
        assertEquals(0, again.get("chunksReset").asInt());
        assertEquals(3, again.get("totalPending").asInt());
    }

    @Test
    void failuresAreOneLineOnStderr() {
        Jar.Result missing = cli("status");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals(1, missing.errLines().size(), missing.toString());
        assertTrue(missing.errLines().get(0).startsWith("error: no database at "), missing.toString());

        Jar.Result usage = cli("explore", "--workers", "-3");
        assertEquals(2, usage.exitCode(), usage.toString());
        assertEquals(List.of("error: --workers must be 1 to 256; got -3 (see `cluster-examples explore --help`)"),
                usage.errLines());
    }
}
