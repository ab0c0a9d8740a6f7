package dev.chunkcluster.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * One run's results as data: JMH's JSON (read with Jackson), the contention and end-to-end properties, the pairs and
 * their targets, and the verdict rows that compare two figures of that run. {@link BenchmarkReport} renders them.
 */
final class BenchmarkResults {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Whether a larger figure is better (throughput) or a smaller one (time). */
    enum Better { HIGHER, LOWER }

    /**
     * One benchmark's result from JMH's JSON.
     *
     * @param raw every measured iteration's score, of every fork (JMH's {@code rawData}); empty when not known
     */
    record JmhResult(String benchmark, String mode, double score, double error, String unit, int samples,
                     List<Double> raw) {

        JmhResult {
            raw = List.copyOf(raw);
        }

        /** A result without its iterations' scores. */
        JmhResult(String benchmark, String mode, double score, double error, String unit, int samples) {
            this(benchmark, mode, score, error, unit, samples, List.of());
        }

        /** The {@code fraction} quantile of the iterations' scores, interpolated; NaN without them. */
        double quantile(double fraction) {
            if (raw.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = raw.stream().sorted().toList();
            double position = fraction * (sorted.size() - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(below + 1, sorted.size() - 1);
            return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
        }

        /** The method name: {@code claimCompleteLibrary}. */
        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        /** The class name without package: {@code ClaimCompleteBenchmark}. */
        String type() {
            String withoutMethod = benchmark.substring(0, benchmark.lastIndexOf('.'));
            return withoutMethod.substring(withoutMethod.lastIndexOf('.') + 1);
        }
    }

    /** A JMH pair, its unit as shown, and the target ratio library / baseline. */
    record Pair(String operation, String libraryMethod, String baselineMethod, String baselineName, String unit,
                Better better, double target, String description) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("claimComplete", "claimCompleteLibrary", "claimCompleteRawJdbc", "raw JDBC", "cycles/s",
                    Better.HIGHER, 0.90, "a claim+complete cycle as the library's worker loop runs it, one thread, 200,000 "
                    + "pending chunks: the completion of the chunk in hand and the next claim in one transaction "
                    + "(completeAndClaim); raw JDBC runs the same statements in the same transactions"),
            new Pair("claimBatch16", "claimBatch16Library", "claimBatch16RawJdbc", "raw JDBC", "chunks/s",
                    Better.HIGHER, 0.90, "16 chunks claimed in one transaction, 1,000,000 pending chunks"),
            new Pair("claimCompleteMinimal", "claimCompleteLibrary", "claimCompleteMinimal", "minimal queue",
                    "cycles/s", Better.HIGHER, 0.80, "as claimComplete, against MinimalQueue: a queue of its own with "
                    + "one index on status and none of the library's statements, the physical limit; its cycle is a "
                    + "claim and a complete, each its own transaction (a minimal loop has no completion that "
                    + "claims)"),
            new Pair("claimBatch16Minimal", "claimBatch16Library", "claimBatch16Minimal", "minimal queue",
                    "chunks/s", Better.HIGHER, 0.90, "as claimBatch16, against MinimalQueue"),
            new Pair("status", "statusLibrary", "statusRawJdbc", "raw GROUP BY", "ms",
                    Better.LOWER, 1.10, "full status (counts, state, progress, health) at 1,000,000 chunks "
                    + "(60 % pending, 10 % running, 30 % completed) vs SELECT status, COUNT(*) ... GROUP BY status"),
            new Pair("stopReset", "stopResetLibrary", "stopResetRawJdbc", "raw JDBC", "ms",
                    Better.LOWER, 1.20, "database step of Stop: desired state stopped, 100,000 running chunks "
                    + "reset to pending, pending counted, one transaction; the raw side runs the library's own "
                    + "statements on the library's schema, so this is what the Java side costs"),
            new Pair("stopResetMinimal", "stopResetLibrary", "stopResetMinimal", "minimal queue", "ms",
                    Better.LOWER, 1.20, "as stopReset, against MinimalQueue: one UPDATE queue SET status = "
                    + "'pending', worker, start and lease NULL WHERE status = 'running' on its own table of 200,000 "
                    + "rows, 100,000 of them running, in one BEGIN IMMEDIATE transaction: what the library's schema "
                    + "(status counts kept by triggers, an index per status) and statements cost"),
            new Pair("drain20k", "drain20kLibrary", "drain20kDbScheduler", "db-scheduler", "items/s",
                    Better.HIGHER, 3.00, "20,000 no-op items drained from a SQLite file with the same settings: "
                    + "the library's worker loop (one loop, as in a worker process; it claims up to 64 chunks at once "
                    + "while they take under 10 ms and records their results in one transaction) vs db-scheduler's one-time tasks (its "
                    + "SqliteJdbcCustomization, 10 executor threads, a HikariCP pool of one connection as in its SQLite "
                    + "compatibility test, polling every 50 ms so it never idles between batches)"));

    /** The contention target against the minimal queue: library / minimal cycles per second. */
    static final double CONTENTION_OF_MINIMAL = 0.80;

    private BenchmarkResults() {
    }

    /**
     * Every result in {@code path}: one JMH JSON file, or a directory of them (run.sh runs each benchmark once per
     * pass, the pair's order alternating between passes, one file per run), read in file-name order.
     */
    static List<JmhResult> readJmhFiles(Path path) throws IOException {
        if (path == null || !Files.exists(path)) {
            return List.of();
        }
        if (!Files.isDirectory(path)) {
            return readJmh(Files.readString(path));
        }
        List<Path> files;
        try (var list = Files.list(path)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<JmhResult> results = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file).trim();
            if (!text.isEmpty()) {
                results.addAll(readJmh(text));
            }
        }
        return results;
    }

    /**
     * One result per benchmark. With the iterations' scores (JMH's JSON has them): their median over every run of
     * the benchmark, every fork and every measured iteration, the error left NaN and the iterations kept, so the
     * figure shows their spread ({@link #figure}). Without them: the mean of the runs, with the largest distance of a
     * run from that mean as the error when there are several runs (JMH's own confidence half-width when there is one).
     */
    static List<JmhResult> combine(List<JmhResult> runs) {
        Map<String, List<JmhResult>> byBenchmark = new LinkedHashMap<>();
        for (JmhResult run : runs) {
            byBenchmark.computeIfAbsent(run.benchmark(), b -> new ArrayList<>()).add(run);
        }
        List<JmhResult> combined = new ArrayList<>();
        for (List<JmhResult> same : byBenchmark.values()) {
            JmhResult first = same.get(0);
            int samples = same.stream().mapToInt(JmhResult::samples).sum();
            List<Double> raw = same.stream().flatMap(r -> r.raw().stream()).toList();
            if (!raw.isEmpty()) {
                JmhResult all = new JmhResult(first.benchmark(), first.mode(), Double.NaN, Double.NaN, first.unit(),
                        samples, raw);
                combined.add(new JmhResult(first.benchmark(), first.mode(), all.quantile(0.5), Double.NaN,
                        first.unit(), samples, raw));
                continue;
            }
            if (same.size() == 1) {
                combined.add(first);
                continue;
            }
            double mean = same.stream().mapToDouble(JmhResult::score).average().orElse(Double.NaN);
            double spread = same.stream().mapToDouble(r -> Math.abs(r.score() - mean)).max().orElse(Double.NaN);
            combined.add(new JmhResult(first.benchmark(), first.mode(), mean, spread, first.unit(), samples));
        }
        return combined;
    }

    /**
     * The results in JMH's JSON result file.
     *
     * @throws IllegalArgumentException naming where the text stops being JSON
     */
    static List<JmhResult> readJmh(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JMH result file: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode run : root) {
            JsonNode metric = run.path("primaryMetric");
            // JMH writes an unknown error as the string "NaN"
            double error = metric.path("scoreError").isNumber() ? metric.path("scoreError").asDouble() : Double.NaN;
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode iteration : fork) {
                    raw.add(iteration.asDouble());
                }
            }
            results.add(new JmhResult(run.path("benchmark").asText(), run.path("mode").asText(),
                    metric.path("score").asDouble(), error, metric.path("scoreUnit").asText(), raw.size(), raw));
        }
        return results;
    }

    /**
     * A row of the results table. {@code value} is the ratio judged against the target, as a number, for comparing
     * runs ({@link BenchmarkReport#betweenRuns}); NaN where the row has no target or was not measured.
     */
    record Row(String measurement, String library, String baseline, String ratio, String target, String verdict,
               double value) {

        Row(String measurement, String library, String baseline, String ratio, String target, String verdict) {
            this(measurement, library, baseline, ratio, target, verdict, Double.NaN);
        }
    }

    static List<Row> rows(List<JmhResult> jmh, Properties contention, Properties e2e) {
        List<Row> rows = new ArrayList<>();
        for (Pair pair : PAIRS) {
            JmhResult library = find(jmh, pair.libraryMethod);
            JmhResult baseline = find(jmh, pair.baselineMethod);
            String target = (pair.better == Better.HIGHER ? "≥ " : "≤ ") + ratio(pair.target);
            String name = "`" + pair.operation + "` (" + pair.unit + ")";
            if (library == null || baseline == null) {
                rows.add(new Row(name, library == null ? "–" : figure(library, pair), baseline == null ? "–"
                        : figure(baseline, pair) + " " + pair.baselineName, "–", target, "not measured"));
                continue;
            }
            double ratio = value(library, pair) / value(baseline, pair);
            boolean met = pair.better == Better.HIGHER ? ratio >= pair.target : ratio <= pair.target;
            rows.add(new Row(name, figure(library, pair), figure(baseline, pair) + " " + pair.baselineName,
                    ratio(ratio), target, met ? "yes" : "**no**", ratio));
        }

        if (contention.isEmpty()) {
            rows.add(new Row("contention, " + "4 processes (cycles/s)", "–", "–", "–", "≥ 0.90, no error",
                    "not measured"));
        } else {
            double library = contentionCyclesPerSecond(contention, "library");
            double raw = contentionCyclesPerSecond(contention, "raw");
            long errors = Long.parseLong(contention.getProperty("library.errors", "0"));
            double ratio = library / raw;
            boolean met = ratio >= 0.90 && errors == 0;
            String of = contention.containsKey("library.medianCyclesPerSecond") ? ", median of rounds" : "";
            rows.add(new Row("contention, " + contention.getProperty("workers") + " processes (cycles/s" + of + ")",
                    number(library) + ", " + errors + " errors", number(raw) + " raw JDBC", ratio(ratio),
                    "≥ 0.90, no error", met ? "yes" : "**no**", ratio));
            if (contention.containsKey("minimal.cyclesPerSecond")) {
                double minimal = contentionCyclesPerSecond(contention, "minimal");
                double ofMinimal = library / minimal;
                rows.add(new Row("contention vs minimal queue, " + contention.getProperty("workers")
                        + " processes (cycles/s" + of + ")", number(library) + ", " + errors + " errors",
                        number(minimal) + " minimal queue", ratio(ofMinimal), "≥ " + ratio(CONTENTION_OF_MINIMAL)
                        + ", no error", ofMinimal >= CONTENTION_OF_MINIMAL && errors == 0 ? "yes" : "**no**",
                        ofMinimal));
            }
            rows.add(new Row("contention p99 wait (claim, ms)", contention.getProperty("library.p99ClaimMs"),
                    contention.getProperty("raw.p99ClaimMs") + " raw JDBC",
                    ratio(parse(contention, "library.p99ClaimMs") / parse(contention, "raw.p99ClaimMs")),
                    "reported", "–"));
        }

        if (!"ok".equals(e2e.getProperty("status"))) {
            String why = "not measured";
            rows.add(new Row("`explore --workers 2` vs `--inline` (s, median)", "–", "–", "–", "speed-up ≥ 1.8", why));
            rows.add(new Row("worker launch to first claim (ms, median)", "–", "", "", "reported", why));
            rows.add(new Row("worker peak memory (MB)", "–", "", "", "< 150", why));
        } else {
            double workers = parse(e2e, "workers.medianSeconds");
            double inline = parse(e2e, "inline.medianSeconds");
            double speedUp = inline / workers;
            rows.add(new Row("`explore --workers 2` vs `--inline` (s, median)", seconds(workers),
                    seconds(inline) + " inline", "speed-up " + ratio(speedUp), "speed-up ≥ 1.8",
                    speedUp >= 1.8 ? "yes" : "**no**", speedUp));
            if (e2e.containsKey("halves.medianSeconds")) {
                double halves = parse(e2e, "halves.medianSeconds");
                rows.add(new Row("workload ceiling: two `--inline` processes at once, half the sweep each (s, median)",
                        seconds(halves), seconds(inline) + " inline", "speed-up " + ratio(inline / halves), "reported",
                        "–"));
            }
            if (e2e.containsKey("machine.spinScaling")) {
                rows.add(new Row("machine ceiling: 2 threads of a CPU spin loop vs 1 (median)", "", "",
                        "speed-up " + ratio(parse(e2e, "machine.spinScaling")), "reported", "–"));
            }
            double firstClaim = parse(e2e, "firstClaim.medianMs");
            // start-up is reported, not a target: nodes are long-lived plain JVMs, their start-up is not the product
            rows.add(new Row("worker launch to first claim (ms, median)", number(firstClaim), "", "", "reported",
                    "–"));
            double peak = parse(e2e, "worker.peakRssMb");
            rows.add(new Row("worker peak memory (MB, largest worker)", number(peak), "", "", "< 150",
                    peak < 150 ? "yes" : "**no**"));
        }
        rows.addAll(scalingRows(e2e));
        return rows;
    }

    /** The scaling series' speed-up the cluster must reach: near the two-thread ceiling of 2 cores, about 2.0. */
    static final double SCALING_SPEEDUP_TARGET = 1.85;
    /** The most CPU, all processes together, a cluster run may take for the inline run's work. */
    static final double SCALING_CPU_TARGET = 1.05;

    /**
     * The scaling series ({@link EndToEnd#SCALE}): the demo's sweep made heavier with {@code --years}, so that it
     * takes several times the demo's time inline (about 60 s of CPU at {@code --years 450}): speed-up, CPU of all
     * processes against the inline run's, the fixed cost of a cluster run, and its two ceilings.
     */
    static List<Row> scalingRows(Properties e2e) {
        String p = EndToEnd.SCALE;
        String sweep = "heavier sweep (`--years " + e2e.getProperty(p + "years", "?") + "`)";
        String speedUpName = "`explore --workers 2` vs `--inline`, " + sweep + " (s, median)";
        String cpuName = "CPU of the cluster run, all processes, vs `--inline`, " + sweep + " (s, median)";
        String fixedName = "fixed cost of a cluster run: launch to every worker's first claim (ms, median)";
        String speedUpTarget = "speed-up ≥ " + ratio(SCALING_SPEEDUP_TARGET);
        String cpuTarget = "≤ " + ratio(SCALING_CPU_TARGET);
        if (!"ok".equals(e2e.getProperty("status")) || !e2e.containsKey(p + "speedup")) {
            return List.of(new Row(speedUpName, "–", "–", "–", speedUpTarget, "not measured"),
                    new Row(cpuName, "–", "–", "–", cpuTarget, "not measured"),
                    new Row(fixedName, "–", "", "", "reported", "not measured"));
        }
        List<Row> rows = new ArrayList<>();
        double workers = parse(e2e, p + "workers.medianSeconds");
        double inline = parse(e2e, p + "inline.medianSeconds");
        double speedUp = inline / workers;
        rows.add(new Row(speedUpName, withSpread(workers, e2e.getProperty(p + "workers.runs")),
                withSpread(inline, e2e.getProperty(p + "inline.runs")) + " inline", "speed-up " + ratio(speedUp),
                speedUpTarget, speedUp >= SCALING_SPEEDUP_TARGET ? "yes" : "**no**", speedUp));
        double clusterCpu = parse(e2e, p + "workers.cpuMedianSeconds");
        double inlineCpu = parse(e2e, p + "inline.cpuMedianSeconds");
        double cpuRatio = clusterCpu / inlineCpu;
        long outlived = (long) parse(e2e, p + "workers.outlivedExplore");
        boolean cpuMet = cpuRatio <= SCALING_CPU_TARGET && outlived == 0;
        rows.add(new Row(cpuName, withSpread(clusterCpu, e2e.getProperty(p + "workers.cpuRuns"))
                + (outlived > 0 ? ", " + outlived + " workers outlived explore (their CPU is missing)" : ""),
                withSpread(inlineCpu, e2e.getProperty(p + "inline.cpuRuns")) + " inline", ratio(cpuRatio),
                cpuTarget, cpuMet ? "yes" : "**no**", cpuRatio));
        rows.add(new Row(fixedName, withSpread(parse(e2e, p + "fixedCost.medianMs"),
                e2e.getProperty(p + "fixedCost.samplesMs")), "", "", "reported", "–"));
        if (e2e.containsKey(p + "halves.medianSeconds")) {
            double halves = parse(e2e, p + "halves.medianSeconds");
            rows.add(new Row("workload ceiling, " + sweep + ": two `--inline` processes at once, half the sweep each"
                    + " (s, median)", withSpread(halves, e2e.getProperty(p + "halves.runs")),
                    seconds(inline) + " inline", "speed-up " + ratio(inline / halves), "reported", "–"));
        }
        if (e2e.containsKey(p + "machine.spinScaling")) {
            rows.add(new Row("machine ceiling beside the scaling runs: 2 threads of a CPU spin loop vs 1 (median)",
                    "", "", "speed-up " + ratio(parse(e2e, p + "machine.spinScaling")), "reported", "–"));
        }
        return rows;
    }

    /** A median with the spread of its samples: "31.20 (30.85–32.10)"; the median alone for fewer than two. */
    static String withSpread(double median, String samples) {
        List<Double> values = samples == null || samples.isBlank() ? List.of()
                : Arrays.stream(samples.split(",\\s*")).map(Double::parseDouble).toList();
        if (values.size() < 2) {
            return number(median);
        }
        return number(median) + " (" + number(Collections.min(values)) + "–"
                + number(Collections.max(values)) + ")";
    }

    /** A side's contention throughput: the median of its rounds, or the mean of older results that lack it. */
    static double contentionCyclesPerSecond(Properties contention, String side) {
        return contention.containsKey(side + ".medianCyclesPerSecond")
                ? parse(contention, side + ".medianCyclesPerSecond") : parse(contention, side + ".cyclesPerSecond");
    }

    private static JmhResult find(List<JmhResult> jmh, String method) {
        for (JmhResult result : jmh) {
            if (result.method().equals(method)) {
                return result;
            }
        }
        return null;
    }

    /** The figure in the pair's unit: throughput as is, times as is, the peer's µs per item as items per second. */
    static double value(JmhResult result, Pair pair) {
        if (pair.unit.equals("items/s")) {
            return toPerSecond(result.score(), result.unit());
        }
        return result.score();
    }

    /**
     * The figure in the pair's unit: a median with the interquartile range of its iterations in brackets
     * ("5,637 (5,590–5,702)"), or a score ± its error when the iterations are not known.
     */
    static String figure(JmhResult result, Pair pair) {
        boolean perSecond = pair.unit.equals("items/s");
        if (result.raw().size() > 1) {
            double low = result.quantile(0.25);
            double high = result.quantile(0.75);
            if (perSecond) {
                // a longer time per item is fewer items per second: the quartiles swap
                double slow = toPerSecond(high, result.unit());
                high = toPerSecond(low, result.unit());
                low = slow;
            }
            return number(value(result, pair)) + " (" + number(low) + "–" + number(high) + ")";
        }
        if (perSecond) {
            double items = toPerSecond(result.score(), result.unit());
            // Relative error carries over from time per item to items per second.
            double error = Double.isNaN(result.error()) ? Double.NaN : items * result.error() / result.score();
            return number(items) + (Double.isNaN(error) ? "" : " ± " + number(error));
        }
        return number(result.score()) + (Double.isNaN(result.error()) ? "" : " ± " + number(result.error()));
    }

    private static double toPerSecond(double timePerItem, String unit) {
        double nanos = switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1_000;
            case "ms/op" -> 1_000_000;
            case "s/op" -> 1_000_000_000;
            default -> throw new IllegalArgumentException("not a time per operation: " + unit);
        };
        return 1_000_000_000.0 / (timePerItem * nanos);
    }

    /** Large numbers with thousands separators and no decimals, small ones with up to two. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    static double parse(Properties properties, String key) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Double.NaN : Double.parseDouble(value);
    }

    static Properties load(Path path) throws IOException {
        Properties properties = new Properties();
        if (path != null && Files.exists(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                properties.load(in);
            }
        }
        return properties;
    }

    /** {@code 1,234,567}; "?" for a missing number, and text that is no number as it is. */
    static String grouped(String number) {
        if (number == null) {
            return "?";
        }
        try {
            return grouped(Long.parseLong(number));
        } catch (NumberFormatException e) {
            return number;
        }
    }

    static String grouped(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }

    /** A target's verdict in the PostgreSQL and at-size tables. */
    static String met(boolean met) {
        return met ? "met" : "**not met**";
    }

    /** The 1, 5 and 15 minute load averages, or "?" where the OS does not say. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }}
