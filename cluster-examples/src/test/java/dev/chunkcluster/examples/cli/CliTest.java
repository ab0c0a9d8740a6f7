package dev.chunkcluster.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.ParameterSpace;
import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.support.CliRun;
import dev.chunkcluster.examples.support.Sql;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI in this JVM through picocli, on real SQLite files; no process is launched here. */
class CliTest {

    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("exploration.db");
    }

    CliRun cli(String... args) {
        String[] withDb = new String[args.length + 2];
        System.arraycopy(args, 0, withDb, 0, args.length);
        withDb[args.length] = "--db";
        withDb[args.length + 1] = db().toString();
        return CliRun.of(withDb);
    }

    static JsonNode json(CliRun run) throws Exception {
        return Json.mapper().readTree(run.out());
    }

    static void assertOneErrorLine(CliRun run, int code, String fragment) {
        assertEquals(code, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), "exactly one line on stderr: " + run);
        String line = run.errLines().get(0);
        assertTrue(line.startsWith("error: "), line);
        assertTrue(line.contains(fragment), "'" + line + "' should contain '" + fragment + "'");
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void initWith1366MakesThreeChunks() {
        CliRun init = cli("init", "--chunk-size", "1366");
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.out().contains("4096 combinations in 3 chunks of 1366"), init.out());
        assertEquals(List.of("pending|3"), Sql.query(db(), "SELECT status, COUNT(*) FROM chunks GROUP BY status"));
        CliRun again = cli("init", "--chunk-size", "1366");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().startsWith("Already there, unchanged"), again.out());
    }

    @Test
    void theCrashCase() throws Exception {
        assertEquals(0, cli("init", "--chunk-size", "1366").exitCode());
        assertEquals(3, Sql.leaveAllChunksRunning(db()));

        JsonNode before = json(cli("status", "--json"));
        assertEquals("PROCESSING", before.get("state").asText());
        assertEquals(3, before.get("health").get("staleRunning").asInt());

        CliRun stop = cli("stop", "--json");
        assertEquals(0, stop.exitCode(), stop.toString());
        JsonNode stopped = json(stop);
        assertTrue(stopped.get("success").asBoolean());
        assertEquals(3, stopped.get("chunksReset").asInt());
        assertEquals(3, stopped.get("totalPending").asInt());
        assertEquals(List.of("pending|3"), Sql.query(db(), "SELECT status, COUNT(*) FROM chunks GROUP BY status"));
        assertEquals("PENDING", json(cli("status", "--json")).get("state").asText());

        CliRun second = cli("stop", "--json");
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(json(second).get("success").asBoolean());
        assertEquals(0, json(second).get("chunksReset").asInt());
    }

    @Test
    void statusForPeople() {
        cli("init", "--chunk-size", "1366");
        CliRun status = cli("status");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("PENDING (3 pending)"), status.out());
        assertTrue(status.out().contains("none alive"), status.out());
    }

    @Test
    void resultsBeforeAnythingCompleted() throws Exception {
        cli("init");
        CliRun table = cli("results", "--top", "3");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().contains("no chunk completed yet"), table.out());
        JsonNode body = json(cli("results", "--json"));
        assertEquals(0, body.get("top").size());
        assertEquals(64, body.get("totalChunks").asInt());
    }

    @Test
    void inlineRunsWithoutADatabase() {
        CliRun run = CliRun.of("explore", "--inline", "--combinations", "40", "--db", db().toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Best 10 parameter sets of all 40 combinations"), run.out());
        assertEquals(10, run.out().lines().filter(line -> line.matches("\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+.*")).count(),
                run.out());
        assertFalse(Files.exists(db()), "no database for an inline run");
    }

    // --- errors a user can cause: one line naming the thing, the cause and the fix ---

    @Test
    void aMissingDatabaseIsNamed() {
        CliRun run = cli("status");
        assertOneErrorLine(run, 1, "no database at " + db());
        assertTrue(run.err().contains("run `init` or `explore` first"));
        assertFalse(Files.exists(db()), "status must not create the database");
    }

    @Test
    void stopWithoutItsDatabaseStillLooksForProcessesAndCreatesNothing() throws Exception {
        Files.createDirectory(dir.resolve("exploration.db.processes"));
        CliRun run = cli("stop");
        assertOneErrorLine(run, 1, "Stop failed in the database step, so running chunks may still be marked running:"
                + " no database at " + db());
        assertTrue(run.err().contains("no process to stop"), run.err());
        assertFalse(Files.exists(db()), "stop must not create the database");
    }

    @Test
    void aDatabaseWithoutTheExplorationIsNamed() {
        SqliteChunkStore.open(db()).close();
        assertOneErrorLine(cli("status"), 1, "exploration 'ma-atr-sweep' does not exist in this database");
        assertOneErrorLine(cli("stop"), 1, "create it with `init`");
    }

    @Test
    void aDirectoryAsDatabaseIsNamed() {
        CliRun run = CliRun.of("init", "--db", dir.toString());
        assertOneErrorLine(run, 2, "--db " + dir + " is a directory");
        assertOneErrorLine(CliRun.of("status", "--db", ""), 2, "--db needs the path of a database file");
    }

    @Test
    void aMissingParentDirectoryIsNamed() {
        CliRun run = CliRun.of("init", "--db", dir.resolve("no/such/dir/x.db").toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertOneErrorLine(run, 1, "no/such/dir");
    }

    @Test
    void badWorkersAreAUsageError() {
        assertOneErrorLine(cli("explore", "--workers", "0"), 2, "--workers must be 1 to 256; got 0");
        assertOneErrorLine(cli("start", "--workers", "many"), 2, "many");
        assertFalse(Files.exists(db()));
    }

    @Test
    void unknownOptionsAreAUsageError() {
        assertOneErrorLine(cli("status", "--colour"), 2, "Unknown option: '--colour'");
        assertOneErrorLine(CliRun.of("frobnicate"), 2, "frobnicate");
    }

    @Test
    void topIsValidated() {
        cli("init");
        assertOneErrorLine(cli("results", "--top", "11"), 2, "--top must be 1 to 10");
    }

    @Test
    void aDifferentChunkSizeForAnExistingExplorationIsNamed() {
        cli("init", "--chunk-size", "1366");
        CliRun run = cli("explore", "--chunk-size", "64");
        assertOneErrorLine(run, 1, "already has chunks of 1366, not 64");
    }

    @Test
    void theYearsAreRecordedWithTheExplorationAndEveryStartLaunchesNodesWithThem() {
        CliRun init = cli("init", "--years", "3");
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.out().contains("3 years of prices"), init.out());
        try (LocalCluster cluster = LocalCluster.openExisting(DbLocation.of(db()))) {
            List<String> command = cluster.coordinatorLaunch(NodeSettings.of(1)).command();
            assertEquals("3", command.get(command.indexOf("--years") + 1), command.toString());
        }
        assertOneErrorLine(cli("explore", "--years", "4"), 1,
                "exploration 'ma-atr-sweep' in " + db() + " backtests over 3 years of prices, not 4; resume it"
                        + " without --years (or with --years 3), or use another --db");
        assertOneErrorLine(cli("init", "--years", "20"), 1, "backtests over 3 years of prices, not 20");
        assertEquals(0, cli("init", "--years", "3").exitCode());
    }

    @Test
    void anExplorationWithoutRecordedYearsHasTheDemosTwenty() {
        try (SqliteChunkStore store = SqliteChunkStore.open(db())) {
            store.createExploration(Sweep.spec(ParameterSpace.SIZE, Sweep.DEFAULT_CHUNK_SIZE));
        }
        try (LocalCluster cluster = LocalCluster.openExisting(DbLocation.of(db()))) {
            List<String> command = cluster.coordinatorLaunch(NodeSettings.of(1)).command();
            assertEquals(Integer.toString(PriceSeries.DEMO_YEARS), command.get(command.indexOf("--years") + 1));
        }
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        cli("init");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = cli("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertOneErrorLine(run, 1, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertTrue(run.err().contains("choose another --port"), run.err());
        }
    }

    @Test
    void servingBeyondLoopbackWithoutATokenIsRefused() {
        cli("init");
        assertOneErrorLine(cli("serve", "--bind", "0.0.0.0", "--port", "0"), 1, "give a token with --token-file FILE");
    }

    @Test
    void badDurationsAreAUsageError() {
        assertOneErrorLine(cli("stop", "--grace", "soon"), 2, "write it like 500ms, 10s, 2m or 1h");
    }

    @Test
    void everyBadOptionValueIsAUsageErrorNamingTheOptionInTheUsersUnits() {
        assertOneErrorLine(cli("stop", "--grace", "2h"), 2, "--grace must be 0s to 1h; got 2h");
        assertOneErrorLine(cli("stop", "--grace", "PT-1S"), 2, "--grace must be 0s to 1h; got -1s");
        assertOneErrorLine(cli("explore", "--grace", "90m"), 2, "--grace must be 0s to 1h; got 90m");
        assertOneErrorLine(cli("init", "--chunk-size", "0"), 2, "--chunk-size must be 1 to 4096");
        assertOneErrorLine(cli("explore", "--chunk-size", "5000"), 2, "--chunk-size must be 1 to 4096");
        assertOneErrorLine(cli("start", "--lease", "100ms"), 2, "--lease must be at least 300ms");
        assertOneErrorLine(cli("explore", "--health-interval", "0s"), 2, "--health-interval must be positive");
        assertOneErrorLine(cli("explore", "--years", "0"), 2,
                "--years must be 1 to 600 (years of hourly prices each backtest runs over); got 0");
        assertOneErrorLine(cli("explore", "--inline", "--years", "601"), 2, "--years must be 1 to 600");
        assertOneErrorLine(cli("init", "--years", "-5"), 2, "--years must be 1 to 600");
        assertFalse(Files.exists(db()), "no command with a bad option creates the database");
    }

    @Test
    void theDefaultsAreTheConstantsOfTheirOwners() {
        CliRun help = CliRun.of("stop", "--help");
        assertEquals(0, help.exitCode(), help.toString());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("(default: " + DurationConverter.format(StopPolicy.DEFAULT_GRACE) + ")"), text);
        assertTrue(text.contains("(default: " + Defaults.DATABASE + " in the working directory)"), text);
    }
}
