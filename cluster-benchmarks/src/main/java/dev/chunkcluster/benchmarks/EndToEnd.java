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
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The end-to-end measurement with the examples' program: {@code explore --workers 2} (a coordinator and two worker
 * JVMs on a fresh database) against {@code explore --inline} (the same sweep in one JVM), alternating, each run timed
 * from launch to exit. While a cluster run goes, its worker JVMs are watched through the process adapter's registry
 * beside the database: when their launcher started them and their peak resident memory (VmHWM); after it, each
 * worker's first claim is read from the database ({@code started_at} of the first chunk its id {@code worker-<pid>}
 * claimed). The watch is a few small file reads every {@value #WATCH_MILLIS} ms, so the measurement takes next to no
 * CPU from the cluster it measures (an inline run is not watched at all; {@link WorkerWatch}). The CPU of a run is
 * the OS's account of the {@code explore} process and every process of its tree ({@link ChildCpu}). After each pair
 * of runs, two ceilings ({@link Ceilings}): the workload's, two {@code explore --inline} processes at once with half
 * the combinations each (what two processes that never coordinate would take), and the machine's, how a CPU-bound spin
 * loop scales from one thread to two.
 *
 * <p>Two series: the demo's sweep as it is ({@code --runs}), and the scaling series ({@code --scale-runs}), the same
 * sweep made heavier with {@code --years} so that it takes several times as long inline and JVM start-up no longer dominates
 * the speed-up; its properties carry the prefix {@value #SCALE}.
 *
 * <p>Arguments: {@code --jar cluster-examples.jar [--runs 3] [--workers 2] [--combinations N] [--scale-years Y
 * --scale-runs 2] --out e2e.properties}.
 */
public final class EndToEnd {

    static final long WATCH_MILLIS = 250;
    static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    /** Combinations of the demo's sweep. */
    private static final long SWEEP_COMBINATIONS = 4_096;
    /** The prefix of the scaling series' properties. */
    static final String SCALE = "scale.";

    private EndToEnd() {
    }

    /**
     * One timed run.
     *
     * @param launched   the wall clock just before {@code explore} was started
     * @param cpuSeconds user + system CPU of {@code explore} and every process of its tree
     * @param outlived   workers still alive when {@code explore} had exited (their CPU is not in {@code cpuSeconds})
     */
    record Run(String mode, double seconds, Instant launched, double cpuSeconds, List<WorkerWatch.Worker> workers,
               int outlived, Path database) {
    }

    /** What a series measures: its runs, sweep and heaviness. */
    record Series(String prefix, int runs, int workers, Long combinations, Integer years) {

        long total() {
            return combinations == null ? SWEEP_COMBINATIONS : combinations;
        }

        String describe() {
            return (combinations == null ? "the demo's sweep (4,096 combinations)"
                    : combinations + " combinations of the demo's sweep")
                    + (years == null ? "" : " over " + years + " years of prices (`--years " + years + "`)")
                    + ", " + runs + " runs of each, alternating";
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path out = Path.of("e2e.properties");
        int runs = 3;
        int workers = 2;
        Long combinations = null;
        Integer scaleYears = null;
        int scaleRuns = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--jar" -> jar = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--combinations" -> combinations = Long.parseLong(value);
                case "--scale-years" -> scaleYears = Integer.parseInt(value);
                case "--scale-runs" -> scaleRuns = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar must name the examples' jar; got " + jar);
        }
        Path directory = Files.createDirectories(BenchDatabases.directory().resolve("e2e"));
        Properties result = new Properties();
        result.setProperty("status", "ok");
        if (runs > 0) {
            measure(jar, directory, new Series("", runs, workers, combinations, null), result);
        }
        if (scaleYears != null && scaleRuns > 0) {
            measure(jar, directory, new Series(SCALE, scaleRuns, workers, combinations, scaleYears), result);
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            result.store(stream, "end to end: explore --workers " + workers + " vs explore --inline");
        }
    }

    /** Runs one series and puts its figures into {@code result}, each key with the series' prefix. */
    static void measure(Path jar, Path directory, Series series, Properties result) throws Exception {
        List<Run> cluster = new ArrayList<>();
        List<Run> inline = new ArrayList<>();
        List<Double> halves = new ArrayList<>();
        List<Double> spinScaling = new ArrayList<>();
        long half = series.total() / 2;
        String name = series.prefix().isEmpty() ? "end to end" : "scaling";
        for (int run = 0; run < series.runs(); run++) {
            boolean clusterFirst = run % 2 == 0;
            for (boolean clusterMode : clusterFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
                Run timed = run(jar, directory, series, run, clusterMode);
                (clusterMode ? cluster : inline).add(timed);
                System.out.printf(Locale.ROOT, "%s run %d, %s: %.2f s, %.2f s CPU%s%n", name, run, timed.mode(),
                        timed.seconds(), timed.cpuSeconds(), clusterMode ? ", workers " + describe(timed) : "");
            }
            double halvesSeconds = Ceilings.runHalves(jar, directory.resolve(series.prefix() + "halves"), run, half,
                    series.years());
            halves.add(halvesSeconds);
            System.out.printf(Locale.ROOT, "%s workload ceiling, run %d: two --inline processes of %d combinations at "
                    + "once: %.2f s%n", name, run, half, halvesSeconds);
            double scaling = Ceilings.spinScaling(clusterFirst);
            spinScaling.add(scaling);
            System.out.printf(Locale.ROOT, "%s machine ceiling, measurement %d: two threads of a spin loop %.2f times "
                    + "as fast as one%n", name, run, scaling);
        }

        List<Long> firstClaims = new ArrayList<>();
        List<Double> fixedCosts = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        int workersSeen = 0;
        int workersClaimed = 0;
        int outlived = 0;
        for (Run run : cluster) {
            Map<Long, Instant> claims = WorkerWatch.firstClaims(run.database());
            workersClaimed += claims.size();
            outlived += run.outlived();
            claims.values().stream().max(Instant::compareTo).ifPresent(last ->
                    fixedCosts.add((double) Duration.between(run.launched(), last).toMillis()));
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

        String p = series.prefix();
        result.setProperty(p + "exploration", series.describe());
        if (series.years() != null) {
            result.setProperty(p + "years", Integer.toString(series.years()));
        }
        double clusterMedian = putRuns(result, p + "workers.runs", p + "workers.medianSeconds", cluster, Run::seconds);
        double inlineMedian = putRuns(result, p + "inline.runs", p + "inline.medianSeconds", inline, Run::seconds);
        result.setProperty(p + "speedup", format(inlineMedian / clusterMedian, 3));
        double clusterCpu = putRuns(result, p + "workers.cpuRuns", p + "workers.cpuMedianSeconds", cluster,
                Run::cpuSeconds);
        double inlineCpu = putRuns(result, p + "inline.cpuRuns", p + "inline.cpuMedianSeconds", inline,
                Run::cpuSeconds);
        result.setProperty(p + "cpuRatio", format(clusterCpu / inlineCpu, 3));
        result.setProperty(p + "workers.outlivedExplore", Integer.toString(outlived));
        result.setProperty(p + "fixedCost.samplesMs", fixedCosts.stream().map(x -> format(x, 0))
                .collect(Collectors.joining(", ")));
        result.setProperty(p + "fixedCost.medianMs", fixedCosts.isEmpty() ? "" : format(median(fixedCosts), 0));
        double halvesMedian = median(halves);
        result.setProperty(p + "halves.combinations", Long.toString(half));
        result.setProperty(p + "halves.runs", halves.stream().map(x -> format(x, 2))
                .collect(Collectors.joining(", ")));
        result.setProperty(p + "halves.medianSeconds", format(halvesMedian, 3));
        result.setProperty(p + "halves.speedup", format(inlineMedian / halvesMedian, 3));
        result.setProperty(p + "firstClaim.samplesMs", firstClaims.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")));
        result.setProperty(p + "firstClaim.medianMs", firstClaims.isEmpty() ? ""
                : format(median(firstClaims.stream().map(Long::doubleValue).toList()), 0));
        result.setProperty(p + "firstClaim.launchSource", "launch times from the process registry's launchedAt, for "
                + workersSeen + " of the " + workersClaimed + " workers that claimed a chunk");
        result.setProperty(p + "worker.peakRssMb.samples", peaks.stream()
                .map(kb -> format(kb / 1024.0, 0)).collect(Collectors.joining(", ")));
        result.setProperty(p + "worker.peakRssMb", peaks.isEmpty() ? ""
                : format(Collections.max(peaks) / 1024.0, 1));
        result.setProperty(p + "machine.spinScaling.samples", spinScaling.stream()
                .map(x -> format(x, 2)).collect(Collectors.joining(", ")));
        result.setProperty(p + "machine.spinScaling", format(median(spinScaling), 3));
        System.out.printf(Locale.ROOT, "%s: --workers %d median %.2f s, --inline median %.2f s, speed-up %.2f"
                        + " (workload ceiling %.2f, machine ceiling %.2f); CPU %.1f s vs %.1f s (ratio %.3f); fixed cost"
                        + " %s ms; first claim median %s ms; worker peak memory %s MB%n", name, series.workers(),
                clusterMedian, inlineMedian, inlineMedian / clusterMedian, inlineMedian / halvesMedian,
                median(spinScaling), clusterCpu, inlineCpu, clusterCpu / inlineCpu,
                result.getProperty(p + "fixedCost.medianMs"), result.getProperty(p + "firstClaim.medianMs"),
                result.getProperty(p + "worker.peakRssMb"));
    }

    private static Run run(Path jar, Path directory, Series series, int run, boolean cluster)
            throws IOException, InterruptedException {
        String mode = cluster ? "--workers " + series.workers() : "--inline";
        Path runDirectory = Files.createDirectories(directory.resolve(series.prefix() + "run" + run
                + (cluster ? "-cluster" : "-inline")));
        Path database = runDirectory.resolve("explore.db");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toAbsolutePath().toString(),
                "explore", "--db", database.toString()));
        if (cluster) {
            command.addAll(List.of("--workers", Integer.toString(series.workers())));
        } else {
            command.add("--inline");
        }
        if (series.combinations() != null) {
            command.addAll(List.of("--combinations", series.combinations().toString()));
        }
        if (series.years() != null) {
            command.addAll(List.of("--years", series.years().toString()));
        }
        Path log = runDirectory.resolve("explore.log");
        double cpuBefore = ChildCpu.reapedChildrenSeconds();
        Instant launched = Instant.now();
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
        double cpuSeconds = ChildCpu.reapedChildrenSeconds() - cpuBefore;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("explore " + mode + " exited with " + process.exitValue() + ": "
                    + Files.readString(log));
        }
        int outlived = (int) seen.keySet().stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();
        return new Run(mode, seconds, launched, cpuSeconds, List.copyOf(seen.values()), outlived, database);
    }

    private static String describe(Run run) {
        return run.workers().stream().map(w -> "pid " + w.pid + " peak " + w.peakRssKb / 1024 + " MB")
                .collect(Collectors.joining("; "));
    }

    /** Puts each run's {@code figure} under {@code runsKey} and their median under {@code medianKey}; returns it. */
    private static double putRuns(Properties result, String runsKey, String medianKey, List<Run> runs,
                                  ToDoubleFunction<Run> figure) {
        result.setProperty(runsKey, runs.stream().map(r -> format(figure.applyAsDouble(r), 2))
                .collect(Collectors.joining(", ")));
        double median = median(runs.stream().map(figure::applyAsDouble).toList());
        result.setProperty(medianKey, format(median, 3));
        return median;
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
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
