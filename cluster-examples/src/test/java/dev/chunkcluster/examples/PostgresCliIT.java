package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI on a PostgreSQL JDBC URL, through the real jar and a real server: the demo runs unchanged, the 2 AM crash
 * case resets what a dead coordinator left running, and the password never shows.
 */
@Tag("slow")
class PostgresCliIT {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Map<String, String> PASSWORD = Map.of(DbLocation.PASSWORD_ENV, PostgresServer.PASSWORD);

    static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    static String url(String database) {
        return server.jdbcUrl(database) + "?user=" + PostgresServer.USER;
    }

    Jar.Result cli(String database, String... args) {
        String[] withDb = Stream.concat(Stream.of(args), Stream.of("--db", url(database))).toArray(String[]::new);
        return Jar.run(dir, TIMEOUT, PASSWORD, withDb);
    }

    static JsonNode json(Jar.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.toString());
        assertFalse(result.out().contains(PostgresServer.PASSWORD) || result.err().contains(PostgresServer.PASSWORD),
                "the password is never echoed: " + result);
        return Json.mapper().readTree(result.out());
    }

    @Test
    void stopResetsWhatADeadCoordinatorLeftRunning() throws Exception {
        String database = server.createDatabase("crash");
        assertEquals(0, cli(database, "init", "--chunk-size", "1366").exitCode());
        assertEquals(List.of("pending|3"), server.psql(database, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));

        server.psql(database, "UPDATE chunks SET status = 'running', assigned_worker = 'worker-' || (90000 + idx), "
                + "attempt = attempt + 1, "
                + "started_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
                + "lease_expires_at = to_char((now() + interval '30 seconds') AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') WHERE status = 'pending'");
        assertEquals(List.of("running|3"), server.psql(database, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));

        JsonNode crashed = json(cli(database, "status", "--json"));
        assertEquals("PROCESSING", crashed.get("state").asText());
        assertEquals(3, crashed.get("health").get("staleRunning").asInt());
        assertFalse(crashed.get("isRunning").asBoolean());

        JsonNode stopped = json(cli(database, "stop", "--json"));
        assertTrue(stopped.get("success").asBoolean(), stopped.toString());
        assertEquals(3, stopped.get("chunksReset").asInt());
        assertEquals(3, stopped.get("totalPending").asInt());
        assertEquals(List.of("pending|3"), server.psql(database, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));

        JsonNode again = json(cli(database, "stop", "--json"));
        assertTrue(again.get("success").asBoolean(), again.toString());
        assertEquals(0, again.get("chunksReset").asInt());
        assertEquals(3, again.get("totalPending").asInt());
        assertEquals(List.of("pending|3"), server.psql(database, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));
    }

    @Test
    void theDemoRunsOnAJdbcUrl() throws Exception {
        String database = server.createDatabase("demo");
        JsonNode explored = json(cli(database, "explore", "--workers", "2", "--combinations", "1024",
                "--chunk-size", "64", "--lease", "5s", "--health-interval", "500ms", "--json"));
        assertEquals(10, explored.get("top").size());
        assertEquals(List.of("completed|16"), server.psql(database,
                "SELECT status, COUNT(*) FROM chunks GROUP BY status"));

        JsonNode status = json(cli(database, "status", "--json"));
        assertEquals("COMPLETE", status.get("state").asText());
        assertEquals(1024, status.get("exploration").get("testedCombinations").asLong());
        assertEquals(explored.get("top"), json(cli(database, "results", "--json")).get("top"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("db-password")) {
                    assertFalse(Files.readString(file).contains(PostgresServer.PASSWORD),
                            "the password is in no log or state file but the mode-600 handover: " + file);
                }
            }
        }
    }

    @Test
    void aWrongPasswordAReadablePasswordFileAndAPasswordInTheUrlAreRefused() throws Exception {
        String database = server.createDatabase("login");
        Jar.Result wrong = Jar.run(dir, TIMEOUT, Map.of(DbLocation.PASSWORD_ENV, "not-the-password-51"),
                "status", "--db", url(database));
        assertEquals(1, wrong.exitCode(), wrong.toString());
        assertEquals(1, wrong.errLines().size(), wrong.toString());
        assertTrue(wrong.err().contains("refused the login") && wrong.err().contains(DbLocation.PASSWORD_ENV),
                wrong.toString());
        assertFalse(wrong.err().contains("not-the-password-51"), wrong.toString());

        Path handover = dir.resolve("postgres-127.0.0.1_" + server.port() + "-" + database + ".processes")
                .resolve("db-password");
        Files.createDirectories(handover.getParent());
        Files.writeString(handover, PostgresServer.PASSWORD);
        Files.setPosixFilePermissions(handover, PosixFilePermissions.fromString("rw-r--r--"));
        Jar.Result readable = Jar.run(dir, TIMEOUT, "status", "--db", url(database));
        assertEquals(1, readable.exitCode(), readable.toString());
        assertTrue(readable.err().contains("readable by others") && readable.err().contains("chmod 600"),
                readable.toString());

        Jar.Result inUrl = Jar.run(dir, TIMEOUT, "status", "--db", url(database) + "&password=oops");
        assertEquals(2, inUrl.exitCode(), inUrl.toString());
        assertTrue(inUrl.err().contains("must not carry the password"), inUrl.toString());
    }
}
