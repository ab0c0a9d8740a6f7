package dev.chunkcluster.examples.faults;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.examples.faults.EventLog.Event;
import dev.chunkcluster.examples.faults.EventLog.Type;
import dev.chunkcluster.examples.hosts.Host;
import dev.chunkcluster.examples.hosts.TestNetwork;
import dev.chunkcluster.examples.logging.LogConfiguration;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresServer;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized faults of whole hosts ({@link TestNetwork}): each trial runs one exploration on three hosts, each with a
 * coordinator of two fault-injection workers ({@link FaultNode} with {@code --host}: leases-only health check), on a
 * real PostgreSQL server that listens on the network's bridge. One to three faults land at random points: a host
 * killed at once, a host cut off for a random time (shorter or longer than the lease), a worker killed inside a
 * host, a Stop and a Start from the control plane. The run is drained and its whole history checked as in
 * {@link FaultInjectionIT} ({@link HistoryCheck}: every chunk recorded once, no double claims, the inline run's ten
 * best). Every trial's seed is printed; a failure names the command that replays it.
 *
 * <p>System properties: {@code faults.seed} (the first trial's seed; trial i uses seed + i) and
 * {@code faults.hostTrials} (default 2; the long mode runs hundreds). See docs/reliability.md.
 */
@Tag("faults")
@Tag("slow")
class HostFaultsIT {

    enum Fault { KILL_HOST, PARTITION, KILL_WORKER, STOP_START }

    static final Duration LEASE = Duration.ofMillis(1500);
    static final Duration HEALTH_INTERVAL = Duration.ofMillis(250);
    static final Duration GRACE = Duration.ofSeconds(3);
    static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(120);
    static final int HOSTS = 3;
    static final Map<String, String> PASSWORD = Map.of(DbLocation.PASSWORD_ENV, PostgresServer.PASSWORD);

    static TestNetwork network;
    static PostgresServer server;
    static Path root;
    static List<String> nodeCommand;

    final Map<String, AtomicInteger> stats = new ConcurrentHashMap<>();

    @BeforeAll
    static void network() throws Exception {
        root = Files.createDirectories(Path.of("target", "test-hosts").toAbsolutePath());
        network = TestNetwork.create(root);
        server = PostgresServer.startListeningOn(network.gatewayAddress(), network.range());
        Path dir = Files.createTempDirectory(root, "host-faults-");
        String classPath = Jar.path() + File.pathSeparator + FaultInjectionIT.nodeJar(dir.resolve("fault-nodes.jar"));
        nodeCommand = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                LogConfiguration.NODE_OPTION, "-cp", classPath, FaultNode.class.getName());
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

    @Test
    void randomizedHostFaultsLoseNothingAndRecordNothingTwice() throws Exception {
        int trials = Integer.getInteger("faults.hostTrials", 2);
        long firstSeed = Long.getLong("faults.seed", new Random().nextLong() & 0xffff_ffffL);
        System.out.printf("faults: hosts: %d trials from seed %d%n", trials, firstSeed);
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            long seed = firstSeed + i;
            try {
                runTrial(i, seed);
            } catch (Throwable t) {
                String message = "trial " + i + " seed " + seed + " FAILED: " + t.getMessage()
                        + "\n  reproduce: mvn -B -pl cluster-examples -am verify -Dgroups=faults"
                        + " -Dit.test=HostFaultsIT -Dfaults.hostTrials=1 -Dfaults.seed=" + seed;
                System.out.println("faults: hosts: " + message);
                failures.add(message);
            }
        }
        System.out.printf("faults: hosts: %d trials in %d s, %d failed; faults placed: %s%n", trials,
                (System.nanoTime() - started) / 1_000_000_000L, failures.size(), new TreeMap<>(stats));
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + trials + " trials failed:\n" + String.join("\n", failures));
        }
    }

    void runTrial(int number, long seed) throws Exception {
        Random random = new Random(new SplittableRandom(seed).nextLong());
        int chunks = 12 + random.nextInt(6);
        int chunkSize = 3 + random.nextInt(2);
        long offset = random.nextInt(4096 - chunks * chunkSize);
        long delay = 20 + random.nextInt(30);
        ExplorationSpec spec = new ExplorationSpec("hosts-" + number, (long) chunks * chunkSize, chunkSize, 10);
        List<Fault> faults = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            faults.add(Fault.values()[random.nextInt(Fault.values().length)]);
        }
        System.out.printf("faults: hosts: trial %d seed %d: %d chunks of %d from %d, %d ms per combination, %s%n",
                number, seed, chunks, chunkSize, offset, delay, faults);
        try (HostTrial trial = new HostTrial(number, seed, spec, offset, delay)) {
            try {
                trial.startAll();
                for (Fault fault : faults) {
                    boolean placed = inject(trial, fault, random);
                    stats.computeIfAbsent(fault + (placed ? "" : " (run ended first)"), k -> new AtomicInteger())
                            .incrementAndGet();
                }
                trial.drain();
                List<String> problems = HistoryCheck.check(new HistoryCheck.Run(trial.chunks(), trial.events(), spec,
                        -1, offset, trial.liveHosts().stream().filter(Host::hasProcesses).toList(), null));
                if (!problems.isEmpty()) {
                    throw new AssertionError(String.join("\n  ", problems));
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n  trial log: " + trial.log, e);
            }
        }
    }

    boolean inject(HostTrial trial, Fault fault, Random random) throws Exception {
        return switch (fault) {
            case KILL_HOST -> killHost(trial, random);
            case PARTITION -> partition(trial, random);
            case KILL_WORKER -> killWorker(trial, random);
            case STOP_START -> stopThenStart(trial, random);
        };
    }

    /** A host holding a chunk dies at once; at least one host stays. */
    boolean killHost(HostTrial trial, Random random) throws Exception {
        if (trial.liveHosts().size() < 2) {
            return false;
        }
        Optional<Event> claim = trial.awaitEvent(e -> e.type() == Type.CLAIM && trial.hostOf(e.worker()) != null);
        if (claim.isEmpty()) {
            return false;
        }
        FaultInjectionIT.jitter(random, 300);
        Host host = trial.hostOf(claim.get().worker());
        host.kill();
        trial.note("killed " + host + " after " + claim.get());
        return true;
    }

    /**
     * A host holding a chunk is cut off, for a random time shorter than the lease or until another host has claimed
     * its chunk again; then its link comes back.
     */
    boolean partition(HostTrial trial, Random random) throws Exception {
        Optional<Event> claim = trial.awaitEvent(e -> e.type() == Type.CLAIM && trial.hostOf(e.worker()) != null);
        if (claim.isEmpty()) {
            return false;
        }
        FaultInjectionIT.jitter(random, 100);
        Host host = trial.hostOf(claim.get().worker());
        host.cut();
        trial.note("cut " + host + " after " + claim.get());
        try {
            if (random.nextBoolean()) {
                FaultInjectionIT.jitter(random, (int) LEASE.toMillis() / 2);
            } else {
                long id = claim.get().chunk();
                int attempt = claim.get().attempt();
                trial.poll("chunk id " + id + " claimed again while " + host.name() + " is cut off", () -> {
                    Chunk now = trial.store.chunk(id).orElseThrow();
                    return now.attempt() > attempt || now.status() == ChunkStatus.COMPLETED ? Boolean.TRUE : null;
                });
            }
        } finally {
            host.restore();
            trial.note("restored " + host);
        }
        return true;
    }

    /** One worker inside a host is killed, just after its claim or at a heartbeat. */
    boolean killWorker(HostTrial trial, Random random) throws Exception {
        Optional<Event> event = trial.awaitEvent(e -> (e.type() == Type.CLAIM || e.type() == Type.RENEW)
                && trial.hostOf(e.worker()) != null);
        if (event.isEmpty()) {
            return false;
        }
        FaultInjectionIT.jitter(random, 30);
        Host host = trial.hostOf(event.get().worker());
        String worker = event.get().worker();
        long pidInside = Long.parseLong(worker.substring("worker-".length(), worker.indexOf('@')));
        Optional<ProcessHandle> process = host.process(pidInside);
        process.ifPresent(p -> {
            p.destroyForcibly();
            trial.note("SIGKILL " + worker + " (pid " + p.pid() + ") after " + event.get());
        });
        return process.isPresent();
    }

    /** A Stop from the control plane (database first; every host obeys), then a Start. */
    boolean stopThenStart(HostTrial trial, Random random) throws Exception {
        Optional<Event> claim = trial.awaitEvent(e -> e.type() == Type.CLAIM);
        if (claim.isEmpty()) {
            return false;
        }
        FaultInjectionIT.jitter(random, 400);
        StopReport report = new StopPolicy(trial.store, trial.noLocalProcesses, GRACE).stop(trial.name());
        trial.note("stop: " + report.message());
        assertTrue(report.success(), report.message());
        assertEquals(0, trial.count(ChunkStatus.RUNNING), "running chunks after the Stop: " + trial.chunks());
        trial.poll("every host's processes to end after the Stop", () ->
                trial.liveHosts().stream().noneMatch(Host::hasProcesses) ? Boolean.TRUE : null);
        assertEquals(0, trial.count(ChunkStatus.RUNNING), "running chunks after the hosts stopped: " + trial.chunks());
        trial.store.setDesiredState(trial.name(), DesiredState.RUNNING);
        trial.note("start");
        trial.startAll();
        return true;
    }

    /** One trial's hosts, database and exploration. */
    final class HostTrial implements AutoCloseable {
        final ExplorationSpec spec;
        final long offset;
        final long delay;
        final Path dir;
        final Path events;
        final String database;
        final HikariDataSource pool;
        final PostgresChunkStore store;
        final LocalProcessController noLocalProcesses;
        final List<Host> hosts = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        HostTrial(int number, long seed, ExplorationSpec spec, long offset, long delay) throws Exception {
            this.spec = spec;
            this.offset = offset;
            this.delay = delay;
            // A directory of its own: target/test-hosts keeps earlier runs' trials, of the same seeds too.
            this.dir = Files.createTempDirectory(root, "host-trial-" + number + "-" + seed + "-");
            this.events = dir.resolve("events");
            this.database = server.createDatabase("hosttrial");
            this.pool = server.pool(database, 4);
            this.store = PostgresChunkStore.open(pool);
            this.noLocalProcesses = LocalProcessController.create(
                    ProcessOptions.builder(Files.createDirectories(dir.resolve("control"))).build());
            store.createExploration(spec);
            for (int i = 1; i <= HOSTS; i++) {
                hosts.add(network.addHost("host" + i));
            }
        }

        String name() {
            return spec.name();
        }

        void note(String line) {
            log.add(line);
        }

        List<Host> liveHosts() {
            return hosts.stream().filter(Host::isUp).toList();
        }

        Host hostOf(String worker) {
            int at = worker.indexOf('@');
            if (at < 0) {
                return null;
            }
            String name = worker.substring(at + 1);
            return liveHosts().stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
        }

        /** A coordinator on every live host that has no process running. */
        void startAll() {
            for (Host host : liveHosts()) {
                if (!host.hasProcesses()) {
                    startCoordinator(host);
                }
            }
        }

        void startCoordinator(Host host) {
            List<String> command = new ArrayList<>(nodeCommand);
            command.addAll(List.of("coordinator", "--db",
                    server.jdbcUrl(network.gateway(), database) + "?user=" + PostgresServer.USER,
                    "--exploration", name(), "--events", events.toString(), "--workers", "2",
                    "--lease-ms", Long.toString(LEASE.toMillis()),
                    "--health-interval-ms", Long.toString(HEALTH_INTERVAL.toMillis()),
                    "--offset", Long.toString(offset), "--delay-ms", Long.toString(delay), "--host", host.name()));
            host.start(command, PASSWORD);
            note("coordinator on " + host.name());
        }

        List<Event> events() {
            return EventLog.readAll(events);
        }

        List<Chunk> chunks() {
            return StoredChunks.of(store, name());
        }

        long count(ChunkStatus status) {
            return chunks().stream().filter(c -> c.status() == status).count();
        }

        boolean workRemains() {
            ExplorationSnapshot s = store.snapshot(name());
            return s.counts().pending() > 0 || s.counts().running() > 0;
        }

        /** Keeps the run going: a coordinator on every live host that has none, while work remains. */
        void ensureRunning() {
            if (workRemains() && store.desiredState(name()) == DesiredState.RUNNING) {
                startAll();
            }
        }

        /** The first event after now that {@code wanted} accepts; empty if the work ran out first. */
        Optional<Event> awaitEvent(Predicate<Event> wanted) {
            EventLog.Mark from = EventLog.Mark.of(events());
            return poll("an event to place the fault on", () -> {
                Optional<Event> found = from.since(events()).stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found;
                }
                if (!workRemains()) {
                    return Optional.<Event>empty();
                }
                ensureRunning();
                return null;
            });
        }

        /** Until every chunk is completed and no host has a process left. */
        void drain() {
            poll("the run to drain", () -> {
                if (workRemains()) {
                    ensureRunning();
                    return null;
                }
                return liveHosts().stream().noneMatch(Host::hasProcesses) ? Boolean.TRUE : null;
            });
        }

        <T> T poll(String what, Supplier<T> probe) {
            try {
                return Await.until(what, TRIAL_TIMEOUT, probe);
            } catch (AssertionFailedError timedOut) {
                throw new AssertionError(timedOut.getMessage() + "; chunks: " + chunks().stream()
                        .map(c -> c.index() + ":" + c.status().name().charAt(0) + c.attempt()).toList(), timedOut);
            }
        }

        @Override
        public void close() {
            try {
                hosts.forEach(network::removeHost);
            } finally {
                store.close();
                pool.close();
            }
        }
    }
}
