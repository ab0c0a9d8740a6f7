package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Writes {@code docs/benchmarks.md} from one run's results: JMH's JSON, the contention and end-to-end properties, and
 * the machine description taken when the run began. Every ratio in the table compares two figures of that one run.
 *
 * <p>Arguments: {@code --jmh jmh.json --contention contention.properties --e2e e2e.properties
 * --machine machine.properties --out docs/benchmarks.md}; a missing input shows as "not measured".
 */
public final class BenchmarkReport {

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

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Path> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            options.put(args[i].substring(2), Path.of(args[i + 1]));
        }
        Path out = options.getOrDefault("out", Path.of("docs/benchmarks.md"));
        List<JmhResult> runs = readJmhFiles(options.get("jmh"));
        List<JmhResult> jmh = combine(runs);
        Properties contention = load(options.get("contention"));
        Properties e2e = load(options.get("e2e"));
        Properties machine = load(options.get("machine"));
        if (!machine.containsKey("loadEnd")) {
            machine.setProperty("loadEnd", loadAverage());
        }
        String report = render(jmh, runs, contention, e2e, machine);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
        System.out.print(summary(jmh, contention, e2e));
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

    /** The results in JMH's JSON result file. */
    @SuppressWarnings("unchecked")
    static List<JmhResult> readJmh(String json) {
        List<JmhResult> results = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(json)) {
            Map<String, Object> run = (Map<String, Object>) entry;
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            double error = metric.get("scoreError") instanceof Double d && !d.isNaN() ? d : Double.NaN;
            int samples = 0;
            if (metric.get("rawData") instanceof List<?> forks) {
                for (Object fork : forks) {
                    samples += ((List<?>) fork).size();
                }
            }
            results.add(new JmhResult((String) run.get("benchmark"), (String) run.get("mode"),
                    (Double) metric.get("score"), error, (String) metric.get("scoreUnit"), samples));
        }
        return results;
    }

    /** The whole Markdown document. */
    static String render(List<JmhResult> jmh, List<JmhResult> runs, Properties contention, Properties e2e,
                         Properties machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("The library measured side by side with what it is built on: each figure that matters is a ratio of "
                + "two measurements taken in the same run on the same machine, so a noisy or shared machine moves "
                + "both sides together. The raw-JDBC side runs the library's own SQL text (read from the SQLite "
                + "adapter), on the same schema file, with the same settings (WAL, `synchronous=NORMAL`, "
                + "`busy_timeout`, `BEGIN IMMEDIATE` for writes), prepared once and bound by position.\n\n");
        md.append("Generated by `cluster-benchmarks/run.sh`")
                .append(machine.containsKey("started") ? " on " + machine.getProperty("started") : "")
                .append(machine.containsKey("commit") ? ", commit `" + machine.getProperty("commit") + "`" : "")
                .append(machine.containsKey("durationSeconds")
                        ? ", in " + machine.getProperty("durationSeconds") + " s" : "")
                .append(". Do not edit by hand: run the command again.\n\n");

        md.append("## Results\n\n");
        md.append("| Measurement | Library | Baseline | Ratio | Target | Met |\n");
        md.append("|---|---:|---:|---:|---|---|\n");
        for (Row row : rows(jmh, contention, e2e)) {
            md.append("| ").append(row.measurement).append(" | ").append(row.library).append(" | ")
                    .append(row.baseline).append(" | ").append(row.ratio).append(" | ").append(row.target)
                    .append(" | ").append(row.verdict).append(" |\n");
        }
        md.append("\nJMH figures are the mean of the runs of each benchmark (run.sh runs every pair twice, the order of "
                + "the two sides alternating, so a change in the machine's load falls on both) ± the largest distance "
                + "of a run from that mean; a benchmark run once shows JMH's 99.9 % confidence half-width instead. "
                + "Ratios are library / baseline for throughput and time alike; for times, lower is better.\n\n");

        md.append("## What each measurement does\n\n");
        for (Pair pair : PAIRS) {
            md.append("- **").append(pair.operation).append("** (`").append(pair.libraryMethod).append("` vs `")
                    .append(pair.baselineMethod).append("`): ").append(pair.description).append(".\n");
        }
        md.append("- **contention**: ").append(contention.getProperty("workers", "4"))
                .append(" worker JVMs claim and complete against one SQLite file for a fixed window (")
                .append(contention.getProperty("rounds", "4")).append(" rounds of ")
                .append(contention.getProperty("windowSeconds", "10")).append(" s after ")
                .append(contention.getProperty("warmupSeconds", "2"))
                .append(" s of warm-up, library and raw JDBC alternating, each round on a fresh copy of the same "
                        + "database); the table shows the median of each side's rounds. The wait is the time a claim "
                        + "call takes, lock wait included.\n");
        md.append("- **end to end**: the example's `explore --workers 2` (a coordinator and two worker JVMs) against "
                + "`explore --inline` (the same exploration in one JVM), run alternately, medians of the runs; the "
                + "time from launching a worker JVM to its first claim; a worker's peak resident memory (VmHWM). "
                + "Two ceilings, measured in the same run: the workload's, two `explore --inline` processes "
                + "started together with half the combinations each (their own JVM start and JIT warm-up, no "
                + "database, coordinator or claim: what two workers would take if coordinating cost nothing); and "
                + "the machine's own for two processes: how much faster two "
                + "threads finish two equal shares of a CPU-bound spin loop than one thread finishes one share twice "
                + "over (2.00 would be perfect scaling; other load on the machine makes it read higher, since two "
                + "threads then win a larger share of the cores).\n\n");

        md.append("## All JMH runs\n\n");
        md.append("| Benchmark | Run | Mode | Score | ± (99.9 %) | Unit | Samples |\n|---|---:|---|---:|---:|---|---:|\n");
        Map<String, Integer> runNumbers = new LinkedHashMap<>();
        for (JmhResult result : runs) {
            int run = runNumbers.merge(result.benchmark(), 1, Integer::sum);
            md.append("| `").append(result.type()).append('.').append(result.method()).append("` | ").append(run)
                    .append(" | ")
                    .append(result.mode()).append(" | ").append(number(result.score())).append(" | ")
                    .append(Double.isNaN(result.error()) ? "–" : number(result.error())).append(" | ")
                    .append(result.unit()).append(" | ").append(result.samples()).append(" |\n");
        }
        if (runs.isEmpty()) {
            md.append("| (no JMH results in this run) | | | | | | |\n");
        }
        md.append('\n');

        md.append("## Contention details\n\n");
        if (contention.isEmpty()) {
            md.append("Not measured in this run.\n\n");
        } else {
            md.append("| Side | Cycles/s, each round | Median | Mean | p50 cycle | p99 cycle | p99 claim (wait) | "
                    + "Errors |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (String side : new String[]{"library", "raw"}) {
                md.append("| ").append(side.equals("raw") ? "raw JDBC" : "library").append(" | ")
                        .append(contention.getProperty(side + ".roundsCyclesPerSecond", "?")).append(" | ")
                        .append(number(contentionCyclesPerSecond(contention, side))).append(" | ")
                        .append(number(parse(contention, side + ".cyclesPerSecond"))).append(" | ")
                        .append(contention.getProperty(side + ".p50CycleMs", "?")).append(" ms | ")
                        .append(contention.getProperty(side + ".p99CycleMs", "?")).append(" ms | ")
                        .append(contention.getProperty(side + ".p99ClaimMs", "?")).append(" ms | ")
                        .append(contention.getProperty(side + ".errors", "?")).append(" |\n");
            }
            for (String side : new String[]{"library", "raw"}) {
                String error = contention.getProperty(side + ".firstError", "");
                if (!error.isEmpty()) {
                    md.append("\nFirst error on the ").append(side).append(" side: `").append(error).append("`\n");
                }
            }
            md.append('\n');
        }

        md.append("## End-to-end details\n\n");
        if (!"ok".equals(e2e.getProperty("status"))) {
            md.append("Not measured in this run: ").append(e2e.getProperty("status", "no end-to-end results"))
                    .append(".\n\n");
        } else {
            md.append("| | Runs (s) | Median (s) |\n|---|---|---:|\n");
            md.append("| `explore --workers 2` | ").append(e2e.getProperty("workers.runs")).append(" | ")
                    .append(e2e.getProperty("workers.medianSeconds")).append(" |\n");
            md.append("| `explore --inline` | ").append(e2e.getProperty("inline.runs")).append(" | ")
                    .append(e2e.getProperty("inline.medianSeconds")).append(" |\n");
            if (e2e.containsKey("halves.runs")) {
                md.append("| two `explore --inline --combinations ").append(e2e.getProperty("halves.combinations"))
                        .append("` at once | ").append(e2e.getProperty("halves.runs")).append(" | ")
                        .append(e2e.getProperty("halves.medianSeconds")).append(" |\n");
            }
            md.append("\n");
            md.append("Exploration: ").append(e2e.getProperty("exploration", "the example's default")).append(". ")
                    .append("Worker launch to first claim, every worker of every run (ms): ")
                    .append(e2e.getProperty("firstClaim.samplesMs", "?")).append(". Worker peak memory (MB): ")
                    .append(e2e.getProperty("worker.peakRssMb.samples", "?")).append(".");
            if (e2e.containsKey("machine.spinScaling")) {
                md.append(" Two-thread scaling of the spin loop, each measurement: ")
                        .append(e2e.getProperty("machine.spinScaling.samples", "?")).append(".");
            }
            md.append("\n\n");
            if (e2e.containsKey("notes")) {
                md.append(e2e.getProperty("notes")).append("\n\n");
            }
        }

        md.append("## Machine and versions\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "CPU", machine.getProperty("cpu", "?") + " (" + machine.getProperty("cores", "?") + " cores)");
        row(md, "Memory", machine.getProperty("memory", "?"));
        row(md, "OS", machine.getProperty("os", "?"));
        row(md, "JVM", machine.getProperty("java", "?"));
        row(md, "Load average (1, 5, 15 min)", "at start " + machine.getProperty("loadStart", "?") + "; at end "
                + machine.getProperty("loadEnd", "?"));
        row(md, "ChunkCluster", machine.getProperty("version.chunkcluster", "?"));
        row(md, "SQLite", machine.getProperty("version.sqlite", "?") + " (sqlite-jdbc "
                + machine.getProperty("version.sqlite-jdbc", "?") + ")");
        row(md, "jOOQ", machine.getProperty("version.jooq", "?"));
        row(md, "JMH", machine.getProperty("version.jmh", "?"));
        row(md, "db-scheduler", machine.getProperty("version.db-scheduler", "?") + " (HikariCP "
                + machine.getProperty("version.hikaricp", "?") + ")");
        md.append('\n');

        md.append("## How to rerun\n\n");
        md.append("```\ncluster-benchmarks/run.sh\n```\n\n");
        md.append("It builds what is missing (`mvn -B -q -DskipTests package`), runs the JMH pairs and the peer with "
                + "`-rf json`, the contention and end-to-end programs, and writes this file; it takes under 15 "
                + "minutes on 2 cores. It waits (a few minutes at most) for the load average to drop first; "
                + "`QUIET_LOAD=99` skips that. One pair alone: `java -jar cluster-benchmarks/target/benchmarks.jar "
                + "StatusBenchmark` (any JMH options apply). Set `CHUNKCLUSTER_BENCH_DIR` to choose where the "
                + "benchmark databases go (they take about 1 GB).\n");
        return md.toString();
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
            rows.add(new Row("worker launch to first claim (ms, median)", "–", "", "", "< 400", why));
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
            rows.add(new Row("worker launch to first claim (ms, median)", number(firstClaim), "", "", "< 400",
                    firstClaim < 400 ? "yes" : "**no**"));
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

    /** A few lines for the console at the end of a run. */
    static String summary(List<JmhResult> jmh, Properties contention, Properties e2e) {
        StringBuilder out = new StringBuilder();
        for (Row row : rows(jmh, contention, e2e)) {
            out.append(String.format(Locale.ROOT, "%-52s %-28s %-28s %-16s %-18s %s%n", row.measurement, row.library,
                    row.baseline, row.ratio, row.target, row.verdict));
        }
        return out.toString();
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

    private static String figure(JmhResult result, Pair pair) {
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

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static double parse(Properties properties, String key) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Double.NaN : Double.parseDouble(value);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static Properties load(Path path) throws IOException {
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
    }
}
