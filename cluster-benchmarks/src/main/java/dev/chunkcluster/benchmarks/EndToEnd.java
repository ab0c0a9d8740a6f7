package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The end-to-end measurement with the examples' program: {@code explore --workers 2} (a coordinator and two worker
 * JVMs on a fresh database) against {@code explore --inline} (the same sweep in one JVM), alternating, each run timed
 * from launch to exit. While a cluster run goes, its worker JVMs are watched through the process adapter's registry
 * beside the database: when their launcher started them and their peak resident memory (VmHWM); after it, each
 * worker's first claim is read from the database ({@code started_at} of the first chunk its id {@code worker-<pid>}
 * claimed). The watch is a few small file reads every {@value #WATCH_MILLIS} ms, so the measurement takes next to no
 * CPU from the cluster it measures (an inline run is not watched at all). One untimed cluster run comes first: it
 * prepares the nodes of a new build of the jar, once per build. After each pair of runs, two ceilings: the workload's,
 * two {@code explore --inline} processes at once with half the combinations each (what two processes that never
 * coordinate would take), and the machine's, how a CPU-bound spin loop scales from one thread to two.
 *
 * <p>Arguments: {@code --jar cluster-examples.jar [--runs 3] [--workers 2] [--combinations N] --out e2e.properties}.
 */
public final class EndToEnd {

    static final long WATCH_MILLIS = 250;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    /** The untimed cluster run that prepares the nodes of a new build of the jar. */
    private static final long WARM_UP_COMBINATIONS = 128;
    /** Combinations of the demo's sweep. */
    private static final long SWEEP_COMBINATIONS = 4_096;

    private EndToEnd() {
    }

    /** A worker JVM seen during a cluster run. */
    static final class Worker {
        final long pid;
        /** When its launcher started it: the registry's launchedAt, the launcher's clock just before the start. */
        final Instant launched;
        long peakRssKb;

        Worker(long pid, Instant launched) {
            this.pid = pid;
            this.launched = launched;
        }
    }

    /** One timed run. */
    record Run(String mode, double seconds, List<Worker> workers, Path database) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path out = Path.of("e2e.properties");
        int runs = 3;
        int workers = 2;
        Long combinations = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--jar" -> jar = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--combinations" -> combinations = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar must name the examples' jar; got " + jar);
        }
        Path directory = Files.createDirectories(BenchDatabases.directory().resolve("e2e"));
        List<Run> cluster = new ArrayList<>();
        List<Run> inline = new ArrayList<>();
        List<Double> halves = new ArrayList<>();
        List<Double> spinScaling = new ArrayList<>();
        long half = (combinations == null ? SWEEP_COMBINATIONS : combinations) / 2;
        // The first cluster run of a new build of the jar also makes the nodes' class-data archive and copies
        // sqlite-jdbc's native library (a few seconds, once per build): done here, untimed, so every timed run sees
        // what every later run of that build sees.
        Run warmUp = run(jar, Files.createDirectories(directory.resolve("warm-up")), 0, true, workers,
                WARM_UP_COMBINATIONS);
        System.out.printf(Locale.ROOT, "end to end warm-up (untimed, %d combinations): %.2f s%n", WARM_UP_COMBINATIONS,
                warmUp.seconds());
        for (int run = 0; run < runs; run++) {
            boolean clusterFirst = run % 2 == 0;
            for (boolean clusterMode : clusterFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
                Run result = run(jar, directory, run, clusterMode, workers, combinations);
                (clusterMode ? cluster : inline).add(result);
                System.out.printf(Locale.ROOT, "end to end run %d, %s: %.2f s%s%n", run, result.mode(),
                        result.seconds(), clusterMode ? ", workers " + describe(result) : "");
            }
            double halvesSeconds = runHalves(jar, directory, run, half);
            halves.add(halvesSeconds);
            System.out.printf(Locale.ROOT, "workload ceiling, run %d: two --inline processes of %d combinations at "
                    + "once: %.2f s%n", run, half, halvesSeconds);
            double scaling = spinScaling(clusterFirst);
            spinScaling.add(scaling);
            System.out.printf(Locale.ROOT, "machine ceiling, measurement %d: two threads of a spin loop %.2f times "
                    + "as fast as one%n", run, scaling);
        }

        List<Long> firstClaims = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        int workersSeen = 0;
        int workersClaimed = 0;
        for (Run run : cluster) {
            Map<Long, Instant> claims = firstClaims(run.database());
            workersClaimed += claims.size();
            for (Worker worker : run.workers()) {
                Instant claimed = claims.get(worker.pid);
                if (claimed != null) {
                    firstClaims.add(Duration.between(worker.launched, claimed).toMillis());
                    workersSeen++;
                }
                if (worker.peakRssKb > 0) {
                    peaks.add(worker.peakRssKb);
                }
            }
        }

        Properties result = new Properties();
        result.setProperty("status", "ok");
        result.setProperty("exploration", (combinations == null ? "the demo's sweep (4,096 combinations)"
                : combinations + " combinations of the demo's sweep") + ", " + runs + " runs of each, alternating, "
                + "after one untimed cluster run of " + WARM_UP_COMBINATIONS + " combinations that prepares the nodes "
                + "of the new build (class-data archive, native library)");
        result.setProperty("workers.runs", seconds(cluster));
        result.setProperty("inline.runs", seconds(inline));
        double clusterMedian = median(cluster.stream().map(Run::seconds).toList());
        double inlineMedian = median(inline.stream().map(Run::seconds).toList());
        result.setProperty("workers.medianSeconds", String.format(Locale.ROOT, "%.3f", clusterMedian));
        result.setProperty("inline.medianSeconds", String.format(Locale.ROOT, "%.3f", inlineMedian));
        result.setProperty("speedup", String.format(Locale.ROOT, "%.3f", inlineMedian / clusterMedian));
        double halvesMedian = median(halves);
        result.setProperty("halves.combinations", Long.toString(half));
        result.setProperty("halves.runs", halves.stream().map(x -> String.format(Locale.ROOT, "%.2f", x))
                .collect(Collectors.joining(", ")));
        result.setProperty("halves.medianSeconds", String.format(Locale.ROOT, "%.3f", halvesMedian));
        result.setProperty("halves.speedup", String.format(Locale.ROOT, "%.3f", inlineMedian / halvesMedian));
        result.setProperty("firstClaim.samplesMs", firstClaims.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")));
        result.setProperty("firstClaim.medianMs", firstClaims.isEmpty() ? ""
                : String.format(Locale.ROOT, "%.0f", median(firstClaims.stream().map(Long::doubleValue).toList())));
        result.setProperty("firstClaim.launchSource", "launch times from the process registry's launchedAt, for "
                + workersSeen + " of the " + workersClaimed + " workers that claimed a chunk");
        result.setProperty("worker.peakRssMb.samples", peaks.stream()
                .map(kb -> String.format(Locale.ROOT, "%.0f", kb / 1024.0)).collect(Collectors.joining(", ")));
        result.setProperty("worker.peakRssMb", peaks.isEmpty() ? ""
                : String.format(Locale.ROOT, "%.1f", Collections.max(peaks) / 1024.0));
        result.setProperty("machine.spinScaling.samples", spinScaling.stream()
                .map(x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining(", ")));
        result.setProperty("machine.spinScaling", String.format(Locale.ROOT, "%.3f", median(spinScaling)));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            result.store(stream, "end to end: explore --workers " + workers + " vs explore --inline");
        }
        System.out.printf(Locale.ROOT, "end to end: --workers %d median %.2f s, --inline median %.2f s, speed-up %.2f"
                        + " (workload ceiling %.2f, machine ceiling %.2f); first claim median %s ms; worker peak "
                        + "memory %s MB%n", workers, clusterMedian, inlineMedian, inlineMedian / clusterMedian,
                inlineMedian / halvesMedian, median(spinScaling),
                result.getProperty("firstClaim.medianMs"), result.getProperty("worker.peakRssMb"));
    }

    private static Run run(Path jar, Path directory, int run, boolean cluster, int workers, Long combinations)
            throws IOException, InterruptedException {
        String mode = cluster ? "--workers " + workers : "--inline";
        Path runDirectory = Files.createDirectories(directory.resolve("run" + run + (cluster ? "-cluster" : "-inline")));
        Path database = runDirectory.resolve("explore.db");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toAbsolutePath().toString(),
                "explore", "--db", database.toString()));
        if (cluster) {
            command.addAll(List.of("--workers", Integer.toString(workers)));
        } else {
            command.add("--inline");
        }
        if (combinations != null) {
            command.addAll(List.of("--combinations", combinations.toString()));
        }
        Path log = runDirectory.resolve("explore.log");
        long began = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(runDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Map<Long, Worker> seen = new LinkedHashMap<>();
        long deadline = began + RUN_LIMIT.toNanos();
        while (!process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
            if (cluster) {
                watchWorkers(Path.of(database + ".processes"), seen);
            }
            if (System.nanoTime() > deadline) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("explore " + mode + " did not finish in " + RUN_LIMIT.toSeconds()
                        + " s; see " + log);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("explore " + mode + " exited with " + process.exitValue() + ": "
                    + Files.readString(log));
        }
        return new Run(mode, seconds, List.copyOf(seen.values()), database);
    }

    /**
     * The workload's ceiling for two processes: two {@code explore --inline} runs of {@code half} combinations each,
     * started together; the seconds until both have exited. Each evaluates the first half of the sweep (a chunk of
     * the first half costs the same as one of the second), with its own JVM start and JIT warm-up, and no database,
     * coordinator or claim: what two workers would take if coordinating cost nothing.
     */
    static double runHalves(Path jar, Path directory, int run, long half) throws IOException, InterruptedException {
        Path runDirectory = Files.createDirectories(directory.resolve("run" + run + "-halves"));
        List<Process> processes = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(javaExecutable(), "-jar", jar.toAbsolutePath().toString(), "explore",
                    "--inline", "--combinations", Long.toString(half))
                    .directory(runDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDirectory.resolve("explore-" + i + ".log").toFile()).start());
        }
        long deadline = began + RUN_LIMIT.toNanos();
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            Path log = runDirectory.resolve("explore-" + i + ".log");
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                processes.forEach(Process::destroyForcibly);
                throw new IllegalStateException("explore --inline --combinations " + half + " did not finish in "
                        + RUN_LIMIT.toSeconds() + " s; see " + runDirectory);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("explore --inline --combinations " + half + " exited with "
                        + process.exitValue() + ": " + Files.readString(log));
            }
        }
        return (System.nanoTime() - began) / 1e9;
    }

    /** One share of the spin loop: about a second of one core of the reference machine. */
    static final long SPIN_ITERATIONS = 400_000_000L;

    private static volatile long spinSink;

    /**
     * The machine's ceiling for two CPU-bound processes: one share of a spin loop on one thread, then two shares on two
     * threads at once ({@code oneFirst}), or the other way round; returns how many times as much work per second the
     * two threads did (2.0: the two cores are as good as two machines).
     */
    static double spinScaling(boolean oneFirst) throws InterruptedException {
        spinSink = spin(SPIN_ITERATIONS / 10);
        long one = 0;
        long two = 0;
        for (boolean single : oneFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
            long began = System.nanoTime();
            if (single) {
                spinSink = spin(SPIN_ITERATIONS);
                one = System.nanoTime() - began;
            } else {
                Thread[] threads = new Thread[2];
                for (int t = 0; t < threads.length; t++) {
                    threads[t] = new Thread(() -> spinSink = spin(SPIN_ITERATIONS), "spin-" + t);
                    threads[t].start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                two = System.nanoTime() - began;
            }
        }
        return 2.0 * one / two;
    }

    /** A xorshift generator run {@code iterations} times: registers only, no memory, no allocation. */
    private static long spin(long iterations) {
        long x = 88172645463325252L;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Records every worker the process adapter's registry lists (one properties file per process, removed when it is
     * reaped) and the largest peak resident memory seen for it while it is listed.
     */
    static void watchWorkers(Path registry, Map<Long, Worker> seen) {
        if (!Files.isDirectory(registry)) {
            return;
        }
        try (var files = Files.list(registry)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties entry = new Properties();
                try (var in = Files.newInputStream(file)) {
                    entry.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    continue;
                }
                if (!"worker".equals(entry.getProperty("role")) || entry.getProperty("pid") == null
                        || entry.getProperty("launchedAt") == null) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(entry.getProperty("pid"));
                    Instant launched = Instant.parse(entry.getProperty("launchedAt"));
                    Worker worker = seen.computeIfAbsent(pid, p -> new Worker(p, launched));
                    worker.peakRssKb = Math.max(worker.peakRssKb, peakRssKb(pid));
                } catch (RuntimeException e) {
                    // a half-written or foreign file
                }
            }
        } catch (IOException e) {
            // the directory went away with the cluster
        }
    }

    /** VmHWM of a live process in KiB, 0 when it is gone or the OS does not tell. */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between listing and reading
        }
        return 0;
    }

    /** Each worker's first claim: the earliest {@code started_at} among the chunks it holds or completed. */
    private static Map<Long, Instant> firstClaims(Path database) throws SQLException {
        Map<Long, Instant> claims = new LinkedHashMap<>();
        try (Connection connection = RawChunkJdbc.connect(database);
             PreparedStatement select = connection.prepareStatement("SELECT assigned_worker, MIN(started_at) "
                     + "FROM chunks WHERE assigned_worker LIKE 'worker-%' AND started_at IS NOT NULL "
                     + "GROUP BY assigned_worker");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                try {
                    long pid = Long.parseLong(rs.getString(1).substring("worker-".length()));
                    claims.put(pid, Instant.parse(rs.getString(2)));
                } catch (RuntimeException e) {
                    // a worker id of another shape: not one of ours
                }
            }
        }
        return claims;
    }

    private static String describe(Run run) {
        return run.workers().stream().map(w -> "pid " + w.pid + " peak " + w.peakRssKb / 1024 + " MB")
                .collect(Collectors.joining("; "));
    }

    private static String seconds(List<Run> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.seconds()))
                .collect(Collectors.joining(", "));
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
