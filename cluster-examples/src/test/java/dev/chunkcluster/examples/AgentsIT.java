package dev.chunkcluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two agents with different names on one PostgreSQL database, as two hosts would run them: they share the sweep; a
 * Stop from a separate CLI reaches both (one of them only by its poll, its LISTEN turned off) and reports each; a
 * Start resumes; an agent killed with its workers shows as not alive, and its chunks come back after their lease
 * and are completed by the other host.
 */
@Tag("slow")
class AgentsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Map<String, String> PASSWORD = PostgresCliIT.PASSWORD;
    private static final Set<String> ANSWERED = Set.of("stopped", "forced", "already gone");
    /** The demo sweep's 4,096 combinations in chunks of 32. */
    private static final long CHUNKS = 128;

    private static PostgresServer server;

    @TempDir
    Path dir;

    private String database;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    private String url() {
        return server.jdbcUrl(database) + "?user=" + PostgresServer.USER;
    }

    private JsonNode cli(String... args) throws Exception {
        String[] withDb = Stream.concat(Stream.of(args), Stream.of("--db", url())).toArray(String[]::new);
        return PostgresCliIT.json(Jar.run(dir, TIMEOUT, PASSWORD, withDb));
    }

    private Jar.Child agent(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("agent", "--db", url(), "--name", name, "--workers", "2",
                "--lease", "3s", "--health-interval", "500ms", "--grace", "5s"));
        args.addAll(List.of(more));
        return Jar.start(dir, PASSWORD, args.toArray(String[]::new));
    }

    private long count(String status) {
        return Long.parseLong(server.psql(database, "SELECT count(*) FROM chunks WHERE status = '" + status + "'")
                .get(0));
    }

    private Set<String> hostsThatClaimed() {
        return new HashSet<>(server.psql(database, "SELECT DISTINCT split_part(assigned_worker, '@', 2) FROM chunks "
                + "WHERE assigned_worker IS NOT NULL"));
    }

    private static JsonNode node(JsonNode status, String host) {
        for (JsonNode node : status.get("nodes")) {
            if (node.get("host").asText().equals(host) && node.get("role").asText().equals("agent")) {
                return node;
            }
        }
        throw new AssertionError("no agent of host " + host + " in " + status);
    }

    private static long count(JsonNode status, String role, String host, boolean alive) {
        long count = 0;
        for (JsonNode node : status.get("nodes")) {
            if (node.get("role").asText().equals(role) && node.get("host").asText().equals(host)
                    && node.get("alive").asBoolean() == alive) {
                count++;
            }
        }
        return count;
    }

    @Test
    void twoAgentsShareTheSweepObeyStopAndStartFromElsewhereAndSurviveTheDeathOfOne() throws Exception {
        database = server.createDatabase("agents");
        Jar.Result init = Jar.run(dir, TIMEOUT, PASSWORD, "init", "--db", url(), "--chunk-size", "32");
        assertEquals(0, init.exitCode(), init.toString());
        try (Jar.Child a = agent("host-a"); Jar.Child b = agent("host-b", "--no-listen")) {
            Await.untilTrue("both agents keep workers, workers of both hosts claim, chunks complete", TIMEOUT, () -> {
                try {
                    JsonNode status = cli("status", "--json");
                    return count(status, "agent", "host-a", true) == 1 && count(status, "agent", "host-b", true) == 1
                            && count(status, "worker", "host-a", true) > 0 && count(status, "worker", "host-b", true) > 0
                            && node(status, "host-a").get("workers").asInt() > 0
                            && node(status, "host-b").get("workers").asInt() > 0 && count("completed") > 0
                            && hostsThatClaimed().equals(Set.of("host-a", "host-b"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            JsonNode stopped = cli("stop", "--json");
            assertTrue(stopped.get("success").asBoolean(), stopped.toString());
            assertEquals(2, stopped.get("nodes").size(), stopped.toString());
            for (JsonNode node : stopped.get("nodes")) {
                assertTrue(ANSWERED.contains(node.get("outcome").asText()),
                        "each agent answered, host-b by its poll: " + stopped);
            }
            assertEquals(0, count("running"));
            JsonNode afterStop = cli("status", "--json");
            assertEquals("stopped", afterStop.get("desired").asText());
            assertEquals(0, node(afterStop, "host-a").get("workers").asInt(), afterStop.toString());
            assertEquals(0, node(afterStop, "host-b").get("workers").asInt(), afterStop.toString());
            Await.untilTrue("the stopped workers' rows no longer alive", TIMEOUT, () -> {
                try {
                    JsonNode now = cli("status", "--json");
                    return count(now, "worker", "host-a", true) == 0 && count(now, "worker", "host-b", true) == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long completedAtStop = count("completed");

            JsonNode again = cli("stop", "--json");
            assertTrue(again.get("success").asBoolean(), again.toString());
            assertEquals(0, again.get("chunksReset").asInt(), "a second Stop changes nothing");

            JsonNode started = cli("start", "--json");
            assertTrue(started.get("success").asBoolean(), started.toString());
            assertEquals(2, started.get("nodes").size(), "the agents are told, no coordinator is launched: "
                    + started);
            assertEquals(0, started.get("processes").get("launched").asInt(), started.toString());
            try {
                Await.untilTrue("the sweep resumes on both hosts", TIMEOUT, () -> count("completed") > completedAtStop
                        && !server.psql(database, "SELECT 1 FROM chunks WHERE status = 'running' "
                        + "AND assigned_worker LIKE '%@host-b'").isEmpty());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; completed " + count("completed") + " of " + CHUNKS
                        + "\n--- host-b ---\n" + b.err() + b.out(), e);
            }

            // host-b dies: its agent and workers are killed, by the pids the node row and the agent's children give.
            long agentPid = node(cli("status", "--json"), "host-b").get("pid").asLong();
            assertEquals(b.pid(), agentPid, "the node row records the agent's pid");
            ProcessHandle agentProcess = ProcessHandle.of(agentPid).orElseThrow();
            agentProcess.descendants().forEach(ProcessHandle::destroyForcibly);
            agentProcess.destroyForcibly();
            Await.untilTrue("host-b shows as not alive", TIMEOUT, () -> {
                try {
                    JsonNode status = cli("status", "--json");
                    return !node(status, "host-b").get("alive").asBoolean()
                            && status.get("health").get("staleNodes").size() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.untilTrue("host-a completes the sweep, host-b's chunks included", TIMEOUT,
                    () -> count("completed") == CHUNKS);
            JsonNode done = cli("status", "--json");
            assertEquals("COMPLETE", done.get("state").asText());
            assertTrue(node(done, "host-a").get("alive").asBoolean(), done.toString());

            Jar.Result endedA = a.terminate(TIMEOUT);
            assertEquals(143, endedA.exitCode(), "a JVM ended by SIGTERM exits 128 + 15: " + endedA);
            assertTrue(endedA.err().contains("agent host-a stopped"), endedA.toString());
            assertEquals("stopped", node(cli("status", "--json"), "host-a").get("state").asText());
            assertFalse(endedA.err().contains("Exception"), endedA.toString());
        }
    }

    @Test
    void anAgentOnASqliteFileIsRefusedWithWhatToDoInstead() {
        Jar.Result refused = Jar.run(dir, TIMEOUT, "agent", "--db", dir.resolve("exploration.db").toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("agent needs a shared PostgreSQL database")
                && refused.err().contains("`start --db"), refused.toString());
    }
}
