package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start is atomic across processes: three {@code start} commands run at once through the real jar, and one
 * coordinator is launched; the other two say it is already running. To make the race certain rather than likely,
 * the test holds the database's write lock until every start is either inside its database reset (so it has already
 * decided that no coordinator runs) or waiting for the start lock; only then does it let them go on.
 */
@Tag("slow")
class ConcurrentStartCliIT {

    private static final int STARTS = 3;

    @TempDir
    Path dir;

    @Test
    void threeConcurrentStartsLaunchOneCoordinator() throws Exception {
        String db = dir.resolve("exploration.db").toString();
        // One combination per chunk: far more work than the test takes, so the coordinator is alive throughout.
        Jar.Result init = Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "init", "--chunk-size", "1", "--db", db);
        assertEquals(0, init.exitCode(), init.toString());

        List<Jar.Child> starts = new ArrayList<>();
        List<Jar.Result> results = new ArrayList<>();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = writer.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < STARTS; i++) {
                starts.add(Jar.start(dir, "start", "--workers", "1", "--db", db));
            }
            for (Jar.Child start : starts) {
                Await.untilTrue("start pid " + start.pid() + " to reach its database reset or the start lock",
                        Duration.ofSeconds(60), () -> !start.isAlive() || isAtTheDecision(start.pid()));
            }
            statement.execute("ROLLBACK");
            for (Jar.Child start : starts) {
                results.add(start.await(CrashRecoveryCliIT.TIMEOUT));
            }
        } finally {
            starts.forEach(Jar.Child::close);
        }
        try {
            for (Jar.Result result : results) {
                assertEquals(0, result.exitCode(), result.toString());
            }
            long started = results.stream().filter(r -> r.out().startsWith("Started: coordinator pid")).count();
            long already = results.stream().filter(r -> r.out().startsWith("Already running: coordinator pid"))
                    .count();
            assertEquals(1, started, results::toString);
            assertEquals(STARTS - 1, already, results::toString);

            JsonNode status = Json.mapper().readTree(Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "status", "--json",
                    "--db", db).out());
            long coordinators = StreamSupport.stream(status.get("processes").spliterator(), false)
                    .filter(p -> p.get("role").asText().equals("coordinator")).count();
            assertEquals(1, coordinators, status::toString);
        } finally {
            Jar.Result stop = Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "stop", "--grace", "5s", "--json", "--db", db);
            JsonNode stopped = Json.mapper().readTree(stop.out());
            assertTrue(stopped.get("success").asBoolean(), stop.toString());
            assertTrue(stopped.get("processes").get("failed").asInt() == 0, stop.toString());
        }
    }

    /** Whether the main thread of {@code pid} waits in the database reset or for the start lock (from jcmd). */
    private static boolean isAtTheDecision(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            String threads = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            int main = threads.indexOf("\"main\"");
            if (main < 0) {
                return false;
            }
            int end = threads.indexOf("\n\n", main);
            String stack = threads.substring(main, end < 0 ? threads.length() : end);
            return stack.contains(".resetRunning(") || stack.contains("FileDispatcherImpl.lock0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
