package dev.chunkcluster.examples.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresServer;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One exploration with workers on three hosts ({@link TestNetwork}), two workers each, the demo sweep from the real
 * jar, and a real PostgreSQL server on the network's bridge as the only channel between them. Leases are short
 * ({@link #LEASE}) so that a dead or cut-off host's chunks come back in seconds.
 */
@Tag("slow")
class HostsIT {

    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration HEALTH_INTERVAL = Duration.ofMillis(250);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration GRACE = Duration.ofSeconds(3);
    /** Beyond the grace period, for a Stop to reach the agents: their poll, a busy machine. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(20);
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final int HOSTS = 3;
    static final int WORKERS = 2;
    static final long COMBINATIONS = 1024;
    static final long CHUNK_SIZE = 32;
    static final Map<String, String> PASSWORD = Map.of(DbLocation.PASSWORD_ENV, PostgresServer.PASSWORD);

    static TestNetwork network;
    static PostgresServer server;

    @TempDir
    Path dir;

    String database;
    HikariDataSource pool;
    PostgresChunkStore store;
    final List<Host> hosts = new ArrayList<>();
    final List<Jar.Child> children = new ArrayList<>();

    @BeforeAll
    static void network() {
        network = TestNetwork.create(Path.of("target", "test-hosts"));
        server = PostgresServer.startListeningOn(network.gatewayAddress(), network.range());
    }

    @AfterAll
    static void tearDown() {
        try {
            if (server != null) {
                server.stopAndDelete();
            }
        } finally {
            network.close();
        }
    }

    @BeforeEach
    void cluster() {
        database = server.createDatabase("hosts");
        Jar.Result init = Jar.run(dir, TIMEOUT, PASSWORD, "init", "--db", localUrl(), "--chunk-size",
                Long.toString(CHUNK_SIZE), "--combinations", Long.toString(COMBINATIONS));
        assertEquals(0, init.exitCode(), init.toString());
        pool = server.pool(database, 2);
        store = PostgresChunkStore.open(pool);
        for (int i = 1; i <= HOSTS; i++) {
            hosts.add(network.addHost("host" + i));
        }
    }

    @AfterEach
    void removeCluster() {
        try {
            hosts.forEach(network::removeHost);
            children.forEach(Jar.Child::close);
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    String localUrl() {
        return server.jdbcUrl(database) + "?user=" + PostgresServer.USER;
    }

    /** The URL the hosts use: the server through the bridge. */
    String hostUrl() {
        return server.jdbcUrl(network.gateway(), database) + "?user=" + PostgresServer.USER;
    }

    /**
     * The host's agent from the real jar: it keeps two workers while the exploration runs, runs the health check on
     * leases, and follows Stop and Start from any host.
     */
    Jar.Child startAgent(Host host) {
        Jar.Child agent = host.start(List.of(java(),
                "-jar", Jar.path().toString(), "agent", "--db", hostUrl(), "--workers", Integer.toString(WORKERS),
                "--name", host.name(), "--lease", LEASE.toMillis() + "ms",
                "--health-interval", HEALTH_INTERVAL.toMillis() + "ms", "--poll-interval", POLL.toMillis() + "ms"),
                PASSWORD);
        children.add(agent);
        return agent;
    }

    /** The agent rows of the hosts, by host name. */
    Map<String, NodeRecord> agents() {
        return store.nodes().nodes(Sweep.NAME).stream().filter(n -> n.identity().role() == NodeRole.AGENT)
                .collect(Collectors.toMap(n -> n.identity().host(), n -> n, (a, b) -> b.id() > a.id() ? b : a));
    }

    void awaitAgentsAlive(List<Host> which) {
        Await.untilTrue("the agents of " + which + " alive", TIMEOUT, () -> {
            Map<String, NodeRecord> agents = agents();
            return which.stream().allMatch(h -> agents.containsKey(h.name()) && agents.get(h.name()).alive());
        });
    }

    List<Chunk> chunks() {
        return StoredChunks.of(store, Sweep.NAME);
    }

    /** The host of {@code worker} ("worker-PID@HOST", as an agent names its workers), or null. */
    Host hostOf(String worker) {
        if (worker == null || worker.indexOf('@') < 0) {
            return null;
        }
        String host = worker.substring(worker.indexOf('@') + 1);
        return hosts.stream().filter(h -> h.name().equals(host)).findFirst().orElse(null);
    }

    List<Chunk> runningOn(Host host) {
        return chunks().stream().filter(c -> c.status() == ChunkStatus.RUNNING && hostOf(c.assignedWorker()) == host)
                .toList();
    }

    void awaitComplete() {
        Await.untilTrue("every chunk completed", TIMEOUT, () -> chunks().stream()
                .allMatch(c -> c.status() == ChunkStatus.COMPLETED));
    }

    /** Every chunk completed, each once, with all its combinations; the ten best as {@code explore --inline}'s. */
    void assertSweepComplete() throws Exception {
        List<Chunk> chunks = chunks();
        assertEquals(COMBINATIONS / CHUNK_SIZE, chunks.size());
        for (Chunk c : chunks) {
            assertEquals(ChunkStatus.COMPLETED, c.status(), c.toString());
            assertEquals(c.count(), c.tested(), c.toString());
        }
        Jar.Result results = Jar.run(dir, TIMEOUT, PASSWORD, "results", "--json", "--db", localUrl());
        assertEquals(0, results.exitCode(), results.toString());
        assertEquals(inlineTop(), Json.mapper().readTree(results.out()).get("top"),
                "the hosts' ten best equal explore --inline's");
    }

    static JsonNode inline;

    JsonNode inlineTop() throws Exception {
        if (inline == null) {
            Jar.Result result = Jar.run(dir, TIMEOUT, "explore", "--inline", "--json", "--combinations",
                    Long.toString(COMBINATIONS));
            assertEquals(0, result.exitCode(), result.toString());
            inline = Json.mapper().readTree(result.out()).get("top");
            assertEquals(10, inline.size());
        }
        return inline;
    }

    Set<String> hostsThatCompleted() {
        return chunks().stream().filter(c -> c.status() == ChunkStatus.COMPLETED).map(c -> hostOf(c.assignedWorker()))
                .filter(h -> h != null).map(Host::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void theSweepCompletesWithWorkDoneOnEveryHost() throws Exception {
        // Stopped while the agents start, so that every host launches its workers on the one Start they all hear:
        // otherwise the workers of the first agent up could drain the sweep before the last agent has started.
        store.setDesiredState(Sweep.NAME, DesiredState.STOPPED);
        hosts.forEach(this::startAgent);
        awaitAgentsAlive(hosts);
        JsonNode started = cli(hosts.get(0), "start", "--json");
        assertTrue(started.get("success").asBoolean(), started.toString());
        awaitComplete();
        assertSweepComplete();
        awaitAgentsAlive(hosts);
        assertEquals(hosts.stream().map(Host::name).collect(Collectors.toSet()), hostsThatCompleted(),
                "every host recorded chunks");
    }

    @Test
    void aKilledHostsChunksComeBackAfterTheLeaseAndTheSweepCompletes() throws Exception {
        hosts.forEach(this::startAgent);
        Host victim = hosts.get(1);
        List<Chunk> held = Await.until(victim.name() + " to hold a chunk", TIMEOUT, () -> {
            List<Chunk> running = runningOn(victim);
            return running.isEmpty() ? null : running;
        });
        victim.kill();
        long killedAt = System.nanoTime();
        List<Chunk> lost = chunks().stream().filter(c -> c.status() == ChunkStatus.RUNNING
                && hostOf(c.assignedWorker()) == victim).toList();
        assertTrue(!lost.isEmpty() || held.stream().allMatch(c -> store.chunk(c.id()).orElseThrow().status()
                == ChunkStatus.COMPLETED), "the killed host held " + held);
        for (Chunk c : lost) {
            Await.untilTrue("chunk " + c.index() + " of the killed host back in play", TIMEOUT, () -> {
                Chunk now = store.chunk(c.id()).orElseThrow();
                return now.attempt() > c.attempt() || now.status() == ChunkStatus.PENDING;
            });
        }
        long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("hosts: %d chunks of killed %s back in play %d ms after the kill (lease %d ms)%n",
                lost.size(), victim.name(), backMillis, LEASE.toMillis());
        awaitComplete();
        assertSweepComplete();
        for (Chunk c : lost) {
            Chunk after = store.chunk(c.id()).orElseThrow();
            assertTrue(after.attempt() > c.attempt(), "chunk " + c.index() + " was recorded by a later attempt: "
                    + after);
            assertTrue(hostOf(after.assignedWorker()) != victim, "chunk " + c.index() + " recorded by a live host");
        }
        JsonNode status = Await.until("the status on " + hosts.get(0).name() + " to name the dead host", TIMEOUT,
                () -> {
                    JsonNode body = cli(hosts.get(0), "status", "--json");
                    return nodeOf(body, victim).path("alive").asBoolean(true) ? null : body;
                });
        assertTrue(status.get("health").get("staleNodes").toString().contains(victim.name()), status.toString());
        JsonNode dead = nodeOf(status, victim);
        assertEquals(LEASE.toMillis(), dead.get("leaseMs").asLong(), "judged by the agent's own lease: " + dead);
        assertTrue(dead.get("heartbeatAgeMs").asLong() > LEASE.toMillis(), dead.toString());
        for (Host live : List.of(hosts.get(0), hosts.get(2))) {
            assertTrue(nodeOf(status, live).get("alive").asBoolean(), status.toString());
        }
    }

    /** Runs the jar's {@code args} on {@code host} against the shared database; its JSON output. */
    JsonNode cli(Host host, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", Jar.path().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--db", hostUrl()));
        Jar.Result result = host.run(command, PASSWORD, TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        try {
            return Json.mapper().readTree(result.out());
        } catch (IOException e) {
            throw new UncheckedIOException(result.toString(), e);
        }
    }

    /** The agent of {@code host} in a status's or a report's {@code nodes}; a missing node if there is none. */
    static JsonNode nodeOf(JsonNode body, Host host) {
        for (JsonNode node : body.get("nodes")) {
            if (node.get("host").asText().equals(host.name()) && node.get("role").asText().equals("agent")) {
                return node;
            }
        }
        return Json.mapper().missingNode();
    }

    @Test
    void aCutOffHostsLateWritesAreRefusedAndItRejoins() throws Exception {
        hosts.forEach(this::startAgent);
        Host cut = hosts.get(2);
        List<Chunk> held = Await.until(cut.name() + " to hold a chunk", TIMEOUT, () -> {
            List<Chunk> running = runningOn(cut);
            return running.isEmpty() ? null : running;
        });
        Instant cutInstant = Instant.now().minusMillis(1);
        cut.cut();
        long cutAt = System.nanoTime();
        List<Chunk> lost = runningOn(cut);
        for (Chunk c : lost) {
            Await.untilTrue("chunk " + c.index() + " of the cut-off host claimed by another", TIMEOUT, () -> {
                Chunk now = store.chunk(c.id()).orElseThrow();
                return now.attempt() > c.attempt();
            });
        }
        System.out.printf("hosts: %d chunks of cut-off %s claimed again %d ms after the cut (lease %d ms)%n",
                lost.size(), cut.name(), (System.nanoTime() - cutAt) / 1_000_000, LEASE.toMillis());
        Await.untilTrue("the node rows to show " + cut.name() + " silent", TIMEOUT,
                () -> !agents().get(cut.name()).alive());
        cut.restore();
        long restoredAt = System.nanoTime();
        awaitAgentsAlive(hosts);
        System.out.printf("hosts: %s heartbeats again %d ms after its link came back%n", cut.name(),
                (System.nanoTime() - restoredAt) / 1_000_000);
        awaitComplete();
        assertSweepComplete();
        for (Chunk c : lost) {
            Chunk after = store.chunk(c.id()).orElseThrow();
            assertTrue(after.attempt() > c.attempt(), "chunk " + c.index() + " recorded by its later attempt: "
                    + after);
        }
        if (!lost.isEmpty()) {
            Instant gaveUp = Await.until("a worker of " + cut.name() + " to give up the chunk it lost", TIMEOUT,
                    () -> firstLogged(cut, cutInstant, SELF_FENCED));
            System.out.printf("hosts: a worker of cut-off %s gave up its chunk %d ms after the cut (lease %d ms)%n",
                    cut.name(), Duration.between(cutInstant, gaveUp).toMillis(), LEASE.toMillis());
        }
        assertTrue(held.size() >= lost.size());
    }

    /** What a worker logs when it gives up a chunk whose lease it lost (by its own clock, or told by the store). */
    static final java.util.regex.Pattern SELF_FENCED = java.util.regex.Pattern.compile(
            "abandoning its chunks|abandoned chunk|lost the lease|after losing its lease");

    /** The time of the first line after {@code since} that {@code wanted} finds in the host's logs, or null. */
    static Instant firstLogged(Host host, Instant since, java.util.regex.Pattern wanted) {
        return logs(host).lines().filter(line -> wanted.matcher(line).find()).map(line -> {
            try {
                return java.time.OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
            } catch (RuntimeException e) {
                return null;
            }
        }).filter(t -> t != null && !t.isBefore(since)).min(Instant::compareTo).orElse(null);
    }

    @Test
    void aStopDuringAPartitionStopsTheReachableHostsAndTheCutOneOnceItIsBack() throws Exception {
        hosts.forEach(this::startAgent);
        Host cut = hosts.get(2);
        Await.untilTrue("every host working", TIMEOUT, () -> {
            Map<String, NodeRecord> agents = agents();
            return hosts.stream().allMatch(h -> agents.containsKey(h.name()) && agents.get(h.name()).workers() > 0)
                    && !runningOn(cut).isEmpty();
        });
        cut.cut();
        Jar.Child stop = hosts.get(0).start(List.of(java(), "-jar", Jar.path().toString(), "stop", "--json",
                "--db", hostUrl(), "--grace", GRACE.toMillis() + "ms"), PASSWORD);
        children.add(stop);
        Await.untilTrue("the Stop's database step", TIMEOUT,
                () -> store.desiredState(Sweep.NAME) == DesiredState.STOPPED);
        long stoppedAt = System.nanoTime();
        List<Host> reachable = List.of(hosts.get(0), hosts.get(1));
        Instant storeNow = storeNow();
        Await.untilTrue("the reachable agents to stop their workers", GRACE.plus(STOP_MARGIN), () -> {
            Map<String, NodeRecord> agents = agents();
            return reachable.stream().allMatch(h -> stoppedItsWorkers(agents.get(h.name()), storeNow));
        });
        System.out.printf("hosts: the reachable hosts' workers stopped %d ms after the Stop's database step%n",
                (System.nanoTime() - stoppedAt) / 1_000_000);
        Jar.Result result = stop.await(TIMEOUT);
        long reportedAfter = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertEquals(0, result.exitCode(), result.toString());
        JsonNode report = Json.mapper().readTree(result.out());
        assertTrue(report.get("success").asBoolean(), result.toString());
        for (Host host : reachable) {
            assertTrue(Set.of("stopped", "forced", "already gone").contains(nodeOf(report, host).path("outcome")
                    .asText()), "the Stop reached " + host.name() + ": " + report);
        }
        assertEquals("unreachable", nodeOf(report, cut).path("outcome").asText(), report.toString());
        System.out.printf("hosts: the Stop's report, with %s unreachable, came %d ms after its database step%n",
                cut.name(), reportedAfter);
        assertTrue(chunks().stream().noneMatch(c -> c.status() == ChunkStatus.RUNNING),
                "the Stop put every running chunk back, the cut host's too: " + chunks());

        cut.restore();
        long restoredAt = System.nanoTime();
        Await.untilTrue(cut.name() + " to stop its workers once its link is back", TIMEOUT,
                () -> stoppedItsWorkers(agents().get(cut.name()), storeNow));
        System.out.printf("hosts: %s stopped its workers %d ms after its link came back%n", cut.name(),
                (System.nanoTime() - restoredAt) / 1_000_000);
        assertTrue(chunks().stream().noneMatch(c -> c.status() == ChunkStatus.RUNNING), chunks().toString());
        assertEquals(DesiredState.STOPPED, store.desiredState(Sweep.NAME));
    }

    @Test
    void stopAndStartWorkFromHostsOtherThanTheOneThatStartedTheCluster() throws Exception {
        hosts.forEach(this::startAgent);
        awaitAgentsAlive(hosts);
        JsonNode started = cli(hosts.get(0), "start", "--json");
        assertTrue(started.get("success").asBoolean(), started.toString());
        Await.untilTrue("work on every host", TIMEOUT, () -> hosts.stream().allMatch(h -> agents().get(h.name())
                .workers() > 0));

        JsonNode stopped = cli(hosts.get(1), "stop", "--json", "--grace", GRACE.toMillis() + "ms");
        assertTrue(stopped.get("success").asBoolean(), stopped.toString());
        for (Host host : hosts) {
            assertTrue(Set.of("stopped", "forced", "already gone").contains(nodeOf(stopped, host).path("outcome")
                    .asText()), "the Stop from " + hosts.get(1).name() + " reached " + host.name() + ": " + stopped);
            assertEquals(0, agents().get(host.name()).workers(), host.name() + " keeps no worker after the Stop");
        }
        assertTrue(chunks().stream().noneMatch(c -> c.status() == ChunkStatus.RUNNING), chunks().toString());
        assertEquals(DesiredState.STOPPED, store.desiredState(Sweep.NAME));

        JsonNode restarted = cli(hosts.get(2), "start", "--json");
        assertTrue(restarted.get("success").asBoolean(), restarted.toString());
        for (Host host : hosts) {
            assertEquals("notified", nodeOf(restarted, host).path("outcome").asText(), restarted.toString());
        }
        assertFalse(restarted.get("isRunning").asBoolean(), "with live agents, Start launches no coordinator of its"
                + " own on " + hosts.get(2).name() + ": " + restarted);
        awaitComplete();
        assertSweepComplete();
    }

    /** The agent recorded a Stop outcome at or after {@code since} and keeps no worker. */
    static boolean stoppedItsWorkers(NodeRecord agent, Instant since) {
        return agent != null && agent.stopOutcome() != null && !agent.stopOutcomeAt().isBefore(since)
                && agent.workers() == 0 && agent.alive();
    }

    /** The database's time now, as the node rows give it. */
    Instant storeNow() {
        return store.nodes().nodes(Sweep.NAME).stream().map(n -> n.heartbeatAt().plus(n.heartbeatAge()))
                .max(Instant::compareTo).orElseThrow();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Everything the host's nodes logged in its working directory. */
    static String logs(Host host) {
        try (Stream<Path> files = Files.walk(host.workDirectory())) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")
                    || f.toString().endsWith(".out")).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
