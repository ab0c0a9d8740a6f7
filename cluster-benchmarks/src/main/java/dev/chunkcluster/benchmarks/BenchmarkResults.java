package dev.chunkcluster.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** One benchmark's result from JMH's JSON. */
    record JmhResult(String benchmark, String mode, double score, double error, String unit, int samples) {

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
                    Better.HIGHER, 0.90, "one claim then one complete, one thread, 200,000 pending chunks"),
            new Pair("claimBatch16", "claimBatch16Library", "claimBatch16RawJdbc", "raw JDBC", "chunks/s",
                    Better.HIGHER, 0.90, "16 chunks claimed in one transaction, 1,000,000 pending chunks"),
            new Pair("claimCompleteMinimal", "claimCompleteLibrary", "claimCompleteMinimal", "minimal queue",
                    "cycles/s", Better.HIGHER, 0.80, "as claimComplete, against MinimalQueue: a queue of its own with "
                    + "one index on status and none of the library's statements, the physical limit"),
            new Pair("claimBatch16Minimal", "claimBatch16Library", "claimBatch16Minimal", "minimal queue",
                    "chunks/s", Better.HIGHER, 0.90, "as claimBatch16, against MinimalQueue"),
            new Pair("status", "statusLibrary", "statusRawJdbc", "raw GROUP BY", "ms",
                    Better.LOWER, 1.10, "full status (counts, state, progress, health) at 1,000,000 chunks "
                    + "(60 % pending, 10 % running, 30 % completed) vs SELECT status, COUNT(*) ... GROUP BY status"),
            new Pair("stopReset", "stopResetLibrary", "stopResetRawJdbc", "raw JDBC", "ms",
                    Better.LOWER, 1.20, "database step of Stop: desired state stopped, 100,000 running chunks "
                    + "reset to pending, pending counted, one transaction"),
            new Pair("drain20k", "drain20kLibrary", "drain20kDbScheduler", "db-scheduler", "items/s",
                    Better.HIGHER, 1.50, "20,000 no-op items drained from a SQLite file with the same settings: "
                    + "the library's worker loop (one loop, as in a worker process) vs db-scheduler's one-time tasks (its "
                    + "SqliteJdbcCustomization, 10 executor threads, a HikariCP pool of one connection as in its SQLite "
                    + "compatibility test, polling every 50 ms so it never idles between batches)"));

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
     * One result per benchmark: the mean of its runs, with the largest distance of a run from that mean as the error
     * when there are several runs (JMH's own confidence half-width when there is one).
     */
    static List<JmhResult> combine(List<JmhResult> runs) {
        Map<String, List<JmhResult>> byBenchmark = new LinkedHashMap<>();
        for (JmhResult run : runs) {
            byBenchmark.computeIfAbsent(run.benchmark(), b -> new ArrayList<>()).add(run);
        }
        List<JmhResult> combined = new ArrayList<>();
        for (List<JmhResult> same : byBenchmark.values()) {
            if (same.size() == 1) {
                combined.add(same.get(0));
                continue;
            }
            double mean = same.stream().mapToDouble(JmhResult::score).average().orElse(Double.NaN);
            double spread = same.stream().mapToDouble(r -> Math.abs(r.score() - mean)).max().orElse(Double.NaN);
            int samples = same.stream().mapToInt(JmhResult::samples).sum();
            JmhResult first = same.get(0);
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
            int samples = 0;
            for (JsonNode fork : metric.path("rawData")) {
                samples += fork.size();
            }
            results.add(new JmhResult(run.path("benchmark").asText(), run.path("mode").asText(),
                    metric.path("score").asDouble(), error, metric.path("scoreUnit").asText(), samples));
        }
        return results;
    }

    /** A row of the results table. */
    record Row(String measurement, String library, String baseline, String ratio, String target, String verdict) {
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
                    ratio(ratio), target, met ? "yes" : "**no**"));
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
                    "≥ 0.90, no error", met ? "yes" : "**no**"));
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
                    speedUp >= 1.8 ? "yes" : "**no**"));
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
        return rows;
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

    static String figure(JmhResult result, Pair pair) {
        if (pair.unit.equals("items/s")) {
            double perSecond = toPerSecond(result.score(), result.unit());
            // Relative error carries over from time per item to items per second.
            double error = Double.isNaN(result.error()) ? Double.NaN : perSecond * result.error() / result.score();
            return number(perSecond) + (Double.isNaN(error) ? "" : " ± " + number(error));
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

    /** The 1, 5 and 15 minute load averages, or "?" where the OS does not say. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }}
