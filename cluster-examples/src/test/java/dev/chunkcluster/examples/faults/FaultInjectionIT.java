package dev.chunkcluster.examples.faults;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.examples.faults.EventLog.Event;
import dev.chunkcluster.examples.faults.EventLog.Type;
import dev.chunkcluster.examples.logging.LogConfiguration;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.postgres.PostgresServer;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized fault injection on real processes and a real database: each trial starts a coordinator and its
 * workers through the Start policy, injects one to three faults at random points, drains the run and checks the
 * whole history ({@link HistoryCheck}). Every trial's seed is printed; a failure names the one command that replays it.
 *
 * <p>The trials run on SQLite and, fewer of them, on a real PostgreSQL server ({@code faults.postgresTrials}, default
 * 30).
 *
 * <p>System properties: {@code faults.seed} (the first trial's seed; trial i uses seed + i), {@code faults.trials}
 * (default 100), {@code faults.lanes} (trials run side by side, default 4). See docs/reliability.md.
 */
@Tag("faults")
@Tag("slow")
class FaultInjectionIT {

    enum Fault { KILL_WORKER, KILL_COORDINATOR, SIGSTOP_WORKER, STOP_START, DOUBLE_STOP, STOP_RACING_CLAIMS }

    /** Where a worker kill lands: just after a claim, at a heartbeat, inside a completion, between chunks. */
    enum KillPoint { CLAIM, HEARTBEAT, COMPLETION, BETWEEN_CHUNKS }

    static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(90);

    static List<String> nodeCommand;

    @TempDir
    static Path root;

    final Map<String, AtomicInteger> stats = new ConcurrentHashMap<>();

    @BeforeAll
    static void nodes() throws Exception {
        if (System.getProperty("faults.dir") != null) {
            root = Files.createDirectories(Path.of(System.getProperty("faults.dir")).toAbsolutePath());
        }
        String classPath = Jar.path() + File.pathSeparator + nodeJar(root.resolve("fault-nodes.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // plain JVMs, as the demo launches its nodes
        nodeCommand = List.of(java, "-Xmx64m", LogConfiguration.NODE_OPTION,
                "-cp", classPath, FaultNode.class.getName());
    }

    /** This package's classes in a jar: the nodes need them. */
    static Path nodeJar(Path jar) throws Exception {
        Path classes = Path.of(FaultNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDir = classes.resolve(FaultNode.class.getPackageName().replace('.', '/'));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var files = Files.list(packageDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void randomizedFaultsLoseNothingAndRecordNothingTwice() throws Exception {
        runTrials("randomizedFaultsLoseNothingAndRecordNothingTwice", "faults.trials", 100, TrialDatabase::sqlite);
    }

    /** The same trials with the exploration on a real PostgreSQL server ({@code faults.postgresTrials}, default 30). */
    @Test
    void randomizedFaultsOnPostgresLoseNothingAndRecordNothingTwice() throws Exception {
        PostgresServer server = PostgresServer.shared();
        runTrials("randomizedFaultsOnPostgresLoseNothingAndRecordNothingTwice", "faults.postgresTrials", 30,
                dir -> TrialDatabase.postgres(server, dir));
    }

    /**
     * Runs the trials of test {@code method}: as many as the system property {@code trialsProperty} says, by default
     * {@code defaultTrials}, each on a database of {@code databases}.
     */
    void runTrials(String method, String trialsProperty, int defaultTrials,
                   java.util.function.Function<Path, TrialDatabase> databases) throws Exception {
        int trials = Integer.getInteger(trialsProperty, defaultTrials);
        long firstSeed = Long.getLong("faults.seed", new Random().nextLong() & 0xffff_ffffL);
        int lanes = Integer.getInteger("faults.lanes", 4);
        System.out.printf("faults: %s: %d trials from seed %d on %d lanes%n", method, trials, firstSeed, lanes);
        long started = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(lanes);
        List<Future<?>> running = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            running.add(executor.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < trials) {
                    long seed = firstSeed + i;
                    try {
                        runTrial(i, seed, databases);
                    } catch (Throwable t) {
                        String message = "trial " + i + " seed " + seed + " FAILED: " + t.getMessage()
                                + "\n  reproduce: mvn -B -pl cluster-examples -am verify -Dgroups=faults"
                                + " -Dit.test=FaultInjectionIT#" + method + " -D" + trialsProperty + "=1"
                                + " -Dfaults.seed=" + seed;
                        System.out.println("faults: " + message);
                        failures.add(message);
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        executor.shutdown();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("faults: %d trials in %d s, %d failed; faults placed: %s%n", trials, seconds,
                failures.size(), new java.util.TreeMap<>(stats));
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + trials + " trials failed:\n" + String.join("\n", failures));
        }
    }

    void runTrial(int number, long seed, java.util.function.Function<Path, TrialDatabase> databases)
            throws Exception {
        // Random's first values for neighbouring seeds are alike; SplittableRandom mixes the seed first.
        Random random = new Random(new SplittableRandom(seed).nextLong());
        boolean poisoned = random.nextInt(4) == 0;
        int chunks = 10 + random.nextInt(5);
        int chunkSize = 3 + random.nextInt(2);
        long offset = random.nextInt(4096 - chunks * chunkSize);
        long delay = 10 + random.nextInt(30);
        int poison = poisoned ? random.nextInt(chunks) : -1;
        // Without a poison chunk max failures is high, so that the faults' own lease expiries never fail a chunk.
        ExplorationSpec spec = new ExplorationSpec("trial-" + number, (long) chunks * chunkSize, chunkSize,
                poisoned ? 2 : 10);
        List<Fault> faults = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Fault f = Fault.values()[random.nextInt(Fault.values().length)];
            if (poisoned && (f == Fault.KILL_WORKER || f == Fault.SIGSTOP_WORKER)) {
                f = Fault.KILL_COORDINATOR; // these count failures, which would muddle the poison chunk's count
            }
            faults.add(f);
        }
        // A directory of its own: the SQLite and the PostgreSQL test may run trials of the same number and seed.
        Path dir = Files.createTempDirectory(Files.createDirectories(root), "trial-" + number + "-" + seed + "-");
        System.out.printf("faults: trial %d seed %d: %d chunks of %d from %d, %d ms per combination, poison %d, %s%n",
                number, seed, chunks, chunkSize, offset, delay, poison, faults);
        Phases phases = new Phases();
        try (Trial trial = new Trial(number, seed, dir, databases.apply(dir), nodeCommand, spec, poison, offset,
                delay)) {
            try {
                FileIds files = new FileIds(trial.database);
                phases.end("setup");
                trial.start();
                phases.end("start");
                for (Fault fault : faults) {
                    inject(trial, fault, random);
                }
                phases.end("faults");
                trial.drain(TRIAL_TIMEOUT);
                phases.end("drain");
                List<String> problems = new ArrayList<>(HistoryCheck.check(trial));
                problems.addAll(files.changes());
                phases.end("check");
                if (!problems.isEmpty()) {
                    throw new AssertionError(String.join("\n  ", problems) + "\n  trial log: " + trial.log);
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")") + "\n  trial log: " + trial.log, e);
            }
        } finally {
            phases.end("close");
            System.out.printf("faults: trial %d seed %d took %s%n", number, seed, phases);
        }
    }

    /** How long each phase of a trial took, in the order they ended: where a slow run spends its time. */
    static final class Phases {
        private final StringBuilder ended = new StringBuilder();
        private final long started = System.nanoTime();
        private long last = started;

        void end(String phase) {
            long now = System.nanoTime();
            ended.append(phase).append(' ').append((now - last) / 1_000_000).append(" ms, ");
            last = now;
        }

        @Override
        public String toString() {
            return ended + "total " + (last - started) / 1_000_000 + " ms";
        }
    }

    void inject(Trial trial, Fault fault, Random random) throws Exception {
        trial.ensureRunning();
        boolean placed = switch (fault) {
            case KILL_WORKER -> killWorker(trial, KillPoint.values()[random.nextInt(4)], random);
            case KILL_COORDINATOR -> killCoordinator(trial, random);
            case SIGSTOP_WORKER -> stopAndContinue(trial, random);
            case STOP_START -> stopThenStart(trial, random, false);
            case STOP_RACING_CLAIMS -> stopThenStart(trial, random, true);
            case DOUBLE_STOP -> doubleStop(trial, random);
        };
        stats.computeIfAbsent(fault + (placed ? "" : " (run ended first)"), k -> new AtomicInteger())
                .incrementAndGet();
    }

    /** What worker {@code name} did about its lease of chunk {@code id} at {@code attempt} after the mark. */
    private static List<Event> lateCalls(Trial trial, EventLog.Mark mark, String name, long id, int attempt) {
        return mark.callsSince(trial.events()).stream().filter(e -> e.worker().equals(name) && e.chunk() == id
                && e.attempt() == attempt && (e.type() == Type.RENEW || e.type() == Type.COMPLETE
                || e.type() == Type.ABANDON)).toList();
    }

    /** A random small extra delay after the observed event: it places the fault, nothing waits on it. */
    static void jitter(Random random, int maxMillis) throws InterruptedException {
        Thread.sleep(random.nextInt(maxMillis + 1));
    }

    boolean killWorker(Trial trial, KillPoint point, Random random) throws Exception {
        EventLog.Mark from = trial.mark();
        Optional<Event> event = trial.awaitEvent(from, e -> switch (point) {
            case CLAIM -> e.type() == Type.CLAIM;
            case HEARTBEAT -> e.type() == Type.RENEW;
            case COMPLETION -> e.type() == Type.COMPLETE && EventLog.BEGIN.equals(e.outcome());
            case BETWEEN_CHUNKS -> e.type() == Type.COMPLETE && e.applied();
        } && trial.liveWorker(e.worker()).isPresent(), TRIAL_TIMEOUT);
        if (event.isEmpty()) {
            return false;
        }
        jitter(random, point == KillPoint.COMPLETION ? 3 : 30);
        Optional<TrackedProcess> worker = trial.liveWorker(event.get().worker());
        worker.ifPresent(w -> trial.kill(w, "at " + point + " after " + event.get()));
        return worker.isPresent();
    }

    boolean killCoordinator(Trial trial, Random random) throws Exception {
        EventLog.Mark from = trial.mark();
        Optional<Event> event = trial.awaitEvent(from, e -> e.type() == Type.CLAIM, TRIAL_TIMEOUT);
        if (event.isEmpty()) {
            return false;
        }
        jitter(random, 400);
        List<TrackedProcess> coordinators = trial.live(ProcessRole.COORDINATOR);
        coordinators.forEach(c -> trial.kill(c, "coordinator"));
        // And a worker with it, as a crash of part of the machine would; not with a poison chunk, whose failure count
        // must come from the poison alone (an expired lease counts a failure against the chunk it held).
        if (random.nextBoolean() && trial.poison < 0) {
            trial.live(ProcessRole.WORKER).stream().findFirst().ifPresent(w -> trial.kill(w, "worker with the coordinator"));
        }
        return !coordinators.isEmpty();
    }

    /**
     * SIGSTOP a worker that holds a chunk until its lease expires and another worker claims the chunk; then SIGCONT:
     * its late renew or completion must be refused (STALE), or it gives the chunk up by its own clock without a write
     * (its lease ran out unrenewed: self-fenced); either way nothing of it is applied and it abandons the chunk.
     */
    boolean stopAndContinue(Trial trial, Random random) throws Exception {
        EventLog.Mark from = trial.mark();
        Optional<Event> claimed = trial.awaitEvent(from, e -> e.type() == Type.CLAIM
                && trial.liveWorker(e.worker()).isPresent(), TRIAL_TIMEOUT);
        if (claimed.isEmpty()) {
            return false;
        }
        jitter(random, 20);
        String name = claimed.get().worker();
        Optional<TrackedProcess> worker = trial.liveWorker(name);
        if (worker.isEmpty() || !trial.signal(worker.get(), "STOP")) {
            return false;
        }
        try {
            Optional<Chunk> held = trial.chunks().stream().filter(c -> c.status() == ChunkStatus.RUNNING
                    && name.equals(c.assignedWorker())).findFirst();
            if (held.isEmpty()) {
                trial.note(name + " held no chunk when stopped");
                return true;
            }
            long id = held.get().id();
            int attempt = held.get().attempt();
            boolean reclaimed = trial.poll("chunk " + held.get().index() + " to be claimed again after the lease of"
                    + " stopped " + name + " expired", TRIAL_TIMEOUT, () -> {
                        Chunk now = trial.store.chunk(id).orElseThrow();
                        if (now.attempt() > attempt || now.status() == ChunkStatus.COMPLETED) {
                            return Boolean.TRUE;
                        }
                        try {
                            trial.ensureRunning();
                        } catch (StoreBusyException e) {
                            // Stopped inside a store transaction, it holds SQLite's write lock: every writer waits
                            // for it (the others report busy and exit) until it continues, as with any process that
                            // hangs holding the lock. Not the paused-past-its-lease case this fault is for.
                            return Boolean.FALSE;
                        }
                        return null;
                    });
            if (!reclaimed) {
                trial.note(name + " was stopped inside a store transaction, holding the write lock; continued");
                return true;
            }
            Chunk after = trial.store.chunk(id).orElseThrow();
            if (after.attempt() == attempt) {
                throw new AssertionError("chunk " + id + " completed at attempt " + attempt + " by " + name
                        + " while that worker was stopped");
            }
            EventLog.Mark seen = trial.mark();
            trial.signal(worker.get(), "CONT");
            // The late worker's next word about its old lease, a call it makes after SIGCONT, must be refused, and
            // nothing of it applied; or it gives the chunk up (fenced by its own clock, or after a refusal) with no
            // write. An answer to a call made before the SIGSTOP may be written after the SIGCONT: not judged here.
            Event late = trial.poll(name + " to try its stale lease after SIGCONT", TRIAL_TIMEOUT, () -> {
                List<Event> calls = lateCalls(trial, seen, name, id, attempt);
                if (!calls.isEmpty()) {
                    return calls.get(0);
                }
                return trial.liveWorker(name).isEmpty() ? new Event(name, Type.EXIT, id, attempt, "GONE", "-", -1)
                        : null;
            });
            trial.note("late " + late);
            List<Event> appliedLate = lateCalls(trial, seen, name, id, attempt).stream().filter(Event::applied)
                    .toList();
            if (!appliedLate.isEmpty()) {
                throw new AssertionError("the late worker's " + appliedLate + " was applied after chunk " + id
                        + " was claimed again");
            }
            List<Event> mine = trial.events().stream().filter(e -> e.worker().equals(name) && e.chunk() == id
                    && e.attempt() == attempt && e.type() == Type.CLAIM).toList();
            assertEquals(1, mine.size(), "the stopped worker's claim of chunk " + id);
            return true;
        } finally {
            trial.signal(worker.get(), "CONT");
        }
    }

    boolean stopThenStart(Trial trial, Random random, boolean racingClaims) throws Exception {
        EventLog.Mark from = trial.mark();
        Optional<Event> event = trial.awaitEvent(from, e -> e.type() == Type.CLAIM, TRIAL_TIMEOUT);
        if (event.isEmpty()) {
            return false;
        }
        if (!racingClaims) {
            jitter(random, 500);
        }
        StopReport report = new StopPolicy(trial.store, trial.processes, Trial.GRACE).stop(trial.name());
        trial.note("stop: " + report.message());
        assertStopped(trial, report);
        trial.start();
        return true;
    }

    boolean doubleStop(Trial trial, Random random) throws Exception {
        EventLog.Mark from = trial.mark();
        Optional<Event> event = trial.awaitEvent(from, e -> e.type() == Type.CLAIM, TRIAL_TIMEOUT);
        if (event.isEmpty()) {
            return false;
        }
        jitter(random, 300);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try (OpenedStore opened = trial.database.open()) {
            ChunkStore second = opened.store();
            LocalProcessController otherProcesses = LocalProcessController.create(
                    ProcessOptions.builder(trial.database.stateDirectory()).build());
            Future<StopReport> a = two.submit(() -> {
                go.await();
                return new StopPolicy(trial.store, trial.processes, Trial.GRACE).stop(trial.name());
            });
            Future<StopReport> b = two.submit(() -> {
                go.await();
                return new StopPolicy(second, otherProcesses, Trial.GRACE).stop(trial.name());
            });
            go.countDown();
            StopReport first = a.get(60, TimeUnit.SECONDS);
            StopReport other = b.get(60, TimeUnit.SECONDS);
            trial.note("stop 1: " + first.message());
            trial.note("stop 2: " + other.message());
            assertStopped(trial, first);
            assertStopped(trial, other);
        } finally {
            two.shutdownNow();
        }
        trial.start();
        return true;
    }

    /** After a Stop: it succeeded, nothing is running, no process is left, and nothing can claim any more. */
    static void assertStopped(Trial trial, StopReport report) {
        assertTrue(report.success(), "stop failed: " + report.message());
        assertEquals(0, trial.count(ChunkStatus.RUNNING), "running chunks after Stop: " + trial.chunks());
        assertTrue(trial.live().isEmpty(), "processes alive after Stop: " + trial.live());
        assertEquals(dev.chunkcluster.core.chunk.DesiredState.STOPPED, trial.store.desiredState(trial.name()));
    }

    /**
     * The inode of a SQLite database and of its -wal and -shm files. The test keeps a connection open for the whole
     * trial, so SQLite itself never removes the WAL; a file that disappears or is replaced was removed by someone else.
     * A PostgreSQL trial has no files to watch.
     */
    static final class FileIds {
        private final Path database;
        private final Map<String, Object> ids = new java.util.TreeMap<>();

        FileIds(TrialDatabase trialDatabase) throws Exception {
            this.database = trialDatabase.isSqlite() ? trialDatabase.file() : null;
            for (String suffix : database == null ? List.<String>of() : List.of("", "-wal", "-shm")) {
                Path file = Path.of(database + suffix);
                if (Files.exists(file)) {
                    ids.put(suffix, Files.getAttribute(file, "unix:ino"));
                }
            }
        }

        List<String> changes() throws Exception {
            List<String> changes = new ArrayList<>();
            for (Map.Entry<String, Object> e : ids.entrySet()) {
                Path file = Path.of(database + e.getKey());
                if (!Files.exists(file)) {
                    changes.add(file.getFileName() + " was removed during the trial");
                } else if (!Files.getAttribute(file, "unix:ino").equals(e.getValue())) {
                    changes.add(file.getFileName() + " was removed and created again during the trial");
                }
            }
            return changes;
        }
    }
}
