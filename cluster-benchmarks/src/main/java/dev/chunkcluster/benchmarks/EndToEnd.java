package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * CPU from the cluster it measures (an inline run is not watched at all; {@link WorkerWatch}). After each pair of
 * runs, two ceilings ({@link Ceilings}): the workload's, two {@code explore --inline} processes at once with half the
 * combinations each (what two processes that never coordinate would take), and the machine's, how a CPU-bound spin
 * loop scales from one thread to two.
 *
 * <p>Arguments: {@code --jar cluster-examples.jar [--runs 3] [--workers 2] [--combinations N] --out e2e.properties}.
 */
public final class EndToEnd {

    static final long WATCH_MILLIS = 250;
    static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    /** Combinations of the demo's sweep. */
    private static final long SWEEP_COMBINATIONS = 4_096;

    private EndToEnd() {
    }

    /** One timed run. */
    record Run(String mode, double seconds, List<WorkerWatch.Worker> workers, Path database) {
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
        for (int run = 0; run < runs; run++) {
            boolean clusterFirst = run % 2 == 0;
            for (boolean clusterMode : clusterFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
                Run result = run(jar, directory, run, clusterMode, workers, combinations);
                (clusterMode ? cluster : inline).add(result);
                System.out.printf(Locale.ROOT, "end to end run %d, %s: %.2f s%s%n", run, result.mode(),
                        result.seconds(), clusterMode ? ", workers " + describe(result) : "");
            }
            double halvesSeconds = Ceilings.runHalves(jar, directory, run, half);
            halves.add(halvesSeconds);
            System.out.printf(Locale.ROOT, "workload ceiling, run %d: two --inline processes of %d combinations at "
                    + "once: %.2f s%n", run, half, halvesSeconds);
            double scaling = Ceilings.spinScaling(clusterFirst);
            spinScaling.add(scaling);
            System.out.printf(Locale.ROOT, "machine ceiling, measurement %d: two threads of a spin loop %.2f times "
                    + "as fast as one%n", run, scaling);
        }

        List<Long> firstClaims = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        int workersSeen = 0;
        int workersClaimed = 0;
        for (Run run : cluster) {
            Map<Long, Instant> claims = WorkerWatch.firstClaims(run.database());
            workersClaimed += claims.size();
            for (WorkerWatch.Worker worker : run.workers()) {
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
                : combinations + " combinations of the demo's sweep") + ", " + runs + " runs of each, alternating");
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
        Map<Long, WorkerWatch.Worker> seen = new LinkedHashMap<>();
        long deadline = began + RUN_LIMIT.toNanos();
        while (!process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
            if (cluster) {
                WorkerWatch.watchWorkers(Path.of(database + ".processes"), seen);
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

    static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
