package dev.chunkcluster.benchmarks;

import dev.chunkcluster.benchmarks.BenchmarkResults.JmhResult;
import dev.chunkcluster.benchmarks.BenchmarkResults.Pair;
import dev.chunkcluster.benchmarks.BenchmarkResults.Row;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static dev.chunkcluster.benchmarks.BenchmarkResults.PAIRS;
import static dev.chunkcluster.benchmarks.BenchmarkResults.combine;
import static dev.chunkcluster.benchmarks.BenchmarkResults.contentionCyclesPerSecond;
import static dev.chunkcluster.benchmarks.BenchmarkResults.load;
import static dev.chunkcluster.benchmarks.BenchmarkResults.loadAverage;
import static dev.chunkcluster.benchmarks.BenchmarkResults.number;
import static dev.chunkcluster.benchmarks.BenchmarkResults.parse;
import static dev.chunkcluster.benchmarks.BenchmarkResults.readJmhFiles;
import static dev.chunkcluster.benchmarks.BenchmarkResults.rows;

/**
 * Writes {@code docs/benchmarks.md} from one run's results ({@link BenchmarkResults}): JMH's JSON, the contention and
 * end-to-end properties, and the machine description taken when the run began. Every ratio in the table compares two
 * figures of that one run. This class is the Markdown; the figures and verdicts are {@link BenchmarkResults}'.
 *
 * <p>Arguments: {@code --jmh jmh.json --contention contention.properties --e2e e2e.properties
 * --machine machine.properties --out docs/benchmarks.md [--previous DIR]}; a missing input shows as "not measured".
 * {@code --previous} names the results directory of the run before (run.sh keeps it as {@code results.prev}): the
 * report then says how far each ratio moved between the two runs.
 */
public final class BenchmarkReport {

    /** What the targets not met would take, by the start of their row's measurement; measured, not guessed. */
    private static final Map<String, String> GAPS = new LinkedHashMap<>();

    /** How far a ratio may move between two runs of run.sh, as a fraction. */
    static final double STABLE_WITHIN = 0.05;

    static {
        String pages = "The cost is SQLite's commit, which writes every page the transaction changed to the WAL (about "
                + "80 % of the native samples of a claim+complete loop; the Java side is 2–6 %). ";
        String narrower = "Narrower rows and index entries would take a schema version 3: integer epoch-millisecond "
                + "times instead of 24-character text, and an integer exploration key instead of the name in every "
                + "row and index entry.";
        GAPS.put("`claimCompleteMinimal`", pages + "A cycle writes 7.6 pages against the minimal queue's 6.3 (the "
                + "chunk_counts page every transaction changes; wider rows: the exploration's name and text "
                + "timestamps; a claim makes a row grow and splits pages), which caps the ratio near 0.83. "
                + narrower);
        String outside = "Measured outside the benchmark on copies of the same million-chunk files, one process: ";
        GAPS.put("`claimBatch16Minimal`", pages + "A batch of 16 writes 9.7 pages against 5.6. " + outside
                + "the library's claim takes 170 µs a batch, the minimal queue's 98 µs (0.58); with integer times "
                + "140 µs (0.70); without the count trigger 142 µs (0.69); with both 107 µs (0.92). SQLite has no "
                + "statement-level triggers, so the counts' trigger runs once per chunk (about 1.8 µs) even when it "
                + "has nothing to do: moving a claim's counts in one statement, as Stop does, made the batch slower "
                + "(182 µs). 0.90 takes both changes: " + narrower + " And counts moved by the library's own "
                + "statements, with a trigger that no longer follows the rows edited by hand, a change of what the "
                + "counts promise.");
        GAPS.put("`stopResetMinimal`", pages + "Resetting 100,000 running chunks writes 3,643 pages against 1,646: "
                + "each row moves from chunks_running to chunks_pending and its wider row is rewritten; the counts "
                + "already move in one statement (chunk_counts_moved) instead of two updates per row. " + outside
                + "360–400 ms against 160 ms; with integer times 295 ms (1.8 ×); without the trigger's call per row "
                + "as well 275–287 ms (1.7–1.8 ×); the rest is the row's other width (the exploration's name, "
                + "index, first combination and count). " + narrower);
        GAPS.put("contention vs minimal queue", "Longer commits (more WAL pages per transaction, see claim+complete) "
                + "make more lock collisions between the processes, and each collision makes the waiting process "
                + "sleep in SQLite's busy handler: the p99 claim wait is several times the minimal queue's. The same "
                + "narrower rows, or fewer transactions per chunk (the worker loop's claim-ahead for short chunks, "
                + "which this run does not use).");
        GAPS.put("`drain20k`", "The worker loop claims up to 64 short chunks per transaction and completes them in "
                + "one; what remains is a transaction per claim and per completion batch and the loop's own "
                + "bookkeeping per chunk. Claiming the next batch in the completing transaction would halve the "
                + "commits.");
        GAPS.put("`explore --workers 2` vs `--inline`, heavier sweep", "One run by hand (`explore --workers 2 "
                + "--years 450` beside an inline run of 58.8 s; the chunks' times from the table): the workers' first "
                + "claims come 1.6 s after launch (explore's start and the store's creation 0.56 s, then the "
                + "coordinator's start and the workers'); the two workers compute for 29.6 and 30.9 s where half the "
                + "inline run is 29.4 s (each worker JVM compiles the backtest and generates the 450-year price series "
                + "itself); one ends 1.3 s before the other (its last chunk of 64 combinations takes about 0.9 s; with "
                + "`--chunk-size 16` they ended 0.45 s apart, but that run took as long, 32.9 s); the exit takes "
                + "0.3 s. 1.85 × of 58.8 s allows 31.8 s against the 32.7 s measured: a fixed 1.9 s and workers "
                + "1–4 % slower than the inline run. More takes nodes that are running before the sweep starts.");
        GAPS.put("`explore --workers 2` vs `--inline` (s", "The demo's own sweep is about 10 s of CPU inline, so the "
                + "cluster's fixed cost (about 2 s from launch to the last worker's first claim, three JVMs starting "
                + "at about 0.9 s of CPU each) takes most of what a second core gives; the heavier sweep below is "
                + "the measurement of scaling. Only a longer sweep, or nodes that are already running, does better.");
        GAPS.put("CPU of the cluster run", "Per process in the same run by hand (CPU read from /proc every "
                + "0.2 s): explore 1.6 s (its JVM, the store, the launch, the progress display), the coordinator "
                + "1.0 s (its JVM and the supervision), the two workers 59.9 s for what the inline run computes in "
                + "about 58.3 s (its 59.2 s less its JVM's start): each worker JVM starts, compiles the backtest and "
                + "generates the price series itself. 62.6 s against 59.2 s is 1.056, 3.3 s above the inline run "
                + "where 1.05 × allows 3.0 s; fewer JVMs (a coordinator inside explore) or nodes that are running "
                + "before the sweep starts would take that.");
    }

    /** Why ratios move between two runs of run.sh, and what would hold them. */
    static final String UNSTABLE = "Two runs on a quiet machine (920d571 and 6061821) held every JMH pair "
            + "and every contention ratio within the target; a quiet run against a busy one did not (2ef920b against "
            + "920d571: 6 of 13 within), because JMH measures the two sides of a pair in different forks, minutes "
            + "apart, so other work on the machine's CPUs and on its disk, which every SQLite commit waits for, falls "
            + "on one side only. The end-to-end ratio on the demo's sweep is one run of each side of about 10 s, most "
            + "of it JVM start-up (`E2E_RUNS` sets more, at about 25 s each). Holding every ratio on a shared "
            + "machine would take measuring both sides in alternating short slices in one process, as the "
            + "contention run does outside JMH; more forks or more end-to-end runs do not fit in run.sh's 20 "
            + "minutes.";

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
        String report = render(jmh, runs, contention, e2e, machine, previous(options.get("previous")));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
        System.out.print(summary(jmh, contention, e2e));
    }

    /** The previous run's rows and its machine description, from its results directory; null when there is none. */
    record PreviousRun(List<Row> rows, Properties machine) {
    }

    static PreviousRun previous(Path directory) throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            return null;
        }
        List<JmhResult> jmh = combine(readJmhFiles(directory.resolve("jmh")));
        return new PreviousRun(rows(jmh, load(directory.resolve("contention.properties")),
                load(directory.resolve("e2e.properties"))), load(directory.resolve("machine.properties")));
    }

    /** A measurement's ratio in the previous run and in this one. */
    record Moved(String measurement, double previous, double current) {

        double change() {
            return current / previous - 1;
        }

        boolean stable() {
            return Math.abs(change()) <= STABLE_WITHIN;
        }
    }

    /** The ratios with a target that both runs measured, in this run's order. */
    static List<Moved> betweenRuns(List<Row> previous, List<Row> current) {
        Map<String, Double> before = new LinkedHashMap<>();
        for (Row row : previous) {
            if (!Double.isNaN(row.value())) {
                before.put(row.measurement(), row.value());
            }
        }
        List<Moved> moved = new ArrayList<>();
        for (Row row : current) {
            Double was = before.get(row.measurement());
            if (was != null && !Double.isNaN(row.value())) {
                moved.add(new Moved(row.measurement(), was, row.value()));
            }
        }
        return moved;
    }

    /** The whole Markdown document; {@code previous} is null when there is no run to compare with. */
    static String render(List<JmhResult> jmh, List<JmhResult> runs, Properties contention, Properties e2e,
                         Properties machine, PreviousRun previous) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("The library measured side by side with what it is built on: each figure that matters is a ratio of "
                + "two measurements taken in the same run on the same machine, so a noisy or shared machine moves "
                + "both sides together. The raw-JDBC side runs the library's own SQL text (read from the SQLite "
                + "adapter), on the same schema file, with the same settings (WAL, `synchronous=NORMAL`, "
                + "`busy_timeout`, `BEGIN IMMEDIATE` for writes), prepared once and bound by position: it measures "
                + "what the library's Java side costs. The minimal-queue side (`MinimalQueue`) runs none of the "
                + "library's statements on none of its schema: a table of its own (id, status, worker, attempt, "
                + "lease, started and finished time, result; one index on status; times as integers) with the same "
                + "settings, one statement per transaction: it measures what the library's schema and statements "
                + "cost.\n\n");
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
            md.append("| ").append(row.measurement()).append(" | ").append(row.library()).append(" | ")
                    .append(row.baseline()).append(" | ").append(row.ratio()).append(" | ").append(row.target())
                    .append(" | ").append(row.verdict()).append(" |\n");
        }
        List<String> gaps = gaps(rows(jmh, contention, e2e));
        if (!gaps.isEmpty()) {
            md.append("\nWhat the targets not met would take:\n\n");
            gaps.forEach(gap -> md.append("- ").append(gap).append('\n'));
        }
        md.append("\nJMH figures are the median of every measured iteration of every run of a benchmark (run.sh runs "
                + "every pair in two passes, the order of the two sides alternating, so a change in the machine's load "
                + "falls on both), with the interquartile range of those iterations, the middle half, in brackets; "
                + "ratios compare the medians. Ratios are library / baseline for throughput and time alike; for times, "
                + "lower is better. End-to-end figures are medians with the range of the runs in brackets.\n\n");
        appendBetweenRuns(md, previous, rows(jmh, contention, e2e));

        md.append("## What each measurement does\n\n");
        for (Pair pair : PAIRS) {
            md.append("- **").append(pair.operation()).append("** (`").append(pair.libraryMethod()).append("` vs `")
                    .append(pair.baselineMethod()).append("`): ").append(pair.description()).append(".\n");
        }
        md.append("- **contention**: ").append(contention.getProperty("workers", "4"))
                .append(" worker JVMs claim and complete against one SQLite file for a fixed window (")
                .append(contention.getProperty("rounds", "4")).append(" rounds of ")
                .append(contention.getProperty("windowSeconds", "10")).append(" s after ")
                .append(contention.getProperty("warmupSeconds", "2"))
                .append(" s of warm-up, library, raw JDBC and the minimal queue alternating, each round on a fresh "
                        + "copy of the same database; the library completes each chunk with the next claim in one "
                        + "transaction, as its worker loop does, raw JDBC runs its statements in the same transactions, "
                        + "the minimal queue claims, then completes); the table shows the median of each side's rounds. "
                        + "The wait is the time the call that claims takes, lock wait included.\n");
        md.append("- **end to end**: the example's `explore --workers 2` (a coordinator and two worker JVMs) against "
                + "`explore --inline` (the same exploration in one JVM), run alternately, medians of the runs; the "
                + "time from launching a worker JVM to its first claim; a worker's peak resident memory (VmHWM). "
                + "Two ceilings, measured in the same run: the workload's, two `explore --inline` processes "
                + "started together with half the combinations each (their own JVM start and JIT warm-up, no "
                + "database, coordinator or claim: what two workers would take if coordinating cost nothing); and "
                + "the machine's own for two processes: how much faster two "
                + "threads finish two equal shares of a CPU-bound spin loop than one thread finishes one share twice "
                + "over (2.00 would be perfect scaling; other load on the machine makes it read higher, since two "
                + "threads then win a larger share of the cores). The CPU of a run is the operating system's account "
                + "of `explore` and every process of its tree (the coordinator reaps its workers, `explore` its "
                + "coordinator, the benchmark `explore`: user + system time of reaped children in `/proc/self/stat`); "
                + "the fixed cost of a cluster run is the time from launching `explore` to the last worker's first "
                + "claim.\n");
        md.append("- **scaling**: the same comparison on the demo's sweep made heavier with `explore --years`, so that "
                + "one run takes several times as long inline and JVM start-up no longer dominates: the speed-up of "
                + "`--workers 2` on 2 cores against the machine's own two-thread ceiling, the CPU of all the cluster's "
                + "processes against the inline run's, the fixed cost, and both ceilings, measured beside these runs."
                + "\n\n");

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
            for (String side : contentionSides(contention)) {
                md.append("| ").append(sideName(side)).append(" | ")
                        .append(contention.getProperty(side + ".roundsCyclesPerSecond", "?")).append(" | ")
                        .append(number(contentionCyclesPerSecond(contention, side))).append(" | ")
                        .append(number(parse(contention, side + ".cyclesPerSecond"))).append(" | ")
                        .append(contention.getProperty(side + ".p50CycleMs", "?")).append(" ms | ")
                        .append(contention.getProperty(side + ".p99CycleMs", "?")).append(" ms | ")
                        .append(contention.getProperty(side + ".p99ClaimMs", "?")).append(" ms | ")
                        .append(contention.getProperty(side + ".errors", "?")).append(" |\n");
            }
            for (String side : contentionSides(contention)) {
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
            if (e2e.containsKey(EndToEnd.SCALE + "speedup")) {
                scalingDetails(md, e2e);
            }
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

        md.append("## Start-up\n\n");
        md.append("Coordinators and workers are plain JVMs, `java -Xmx64m -Dchunkcluster.logging=node "
                + "-cp cluster-examples.jar <node main class> <arguments>` (a larger heap for a long price series: "
                + "the series and 32 MB, 123 MB at `--years 450`): no class-data archive, no private copy of "
                + "sqlite-jdbc's native library, no compiler or locale flags. Nodes are long-lived, so their start-up "
                + "is reported here and not tuned: ");
        if ("ok".equals(e2e.getProperty("status"))) {
            md.append("from launch to first claim, every worker of every run, ")
                    .append(e2e.getProperty("firstClaim.samplesMs", "?")).append(" ms (median ")
                    .append(e2e.getProperty("firstClaim.medianMs", "?")).append(" ms).\n\n");
        } else {
            md.append("not measured in this run.\n\n");
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
                + "`-rf json`, the contention and end-to-end programs, and writes this file. A whole run takes under "
                + "20 minutes on 2 cores: a minute at most waiting for the load average to drop (`QUIET_LOAD=99` "
                + "skips that), about 5 for the JMH pairs (two passes, each pair with its own forks and iterations in "
                + "`run.sh`; `JMH_ARGS` replace them), 3 for contention, about 5 end to end (the scaling run, "
                + "`--years 450`, 4 of them; `SCALE_RUNS=0` leaves it out) and about 4 for PostgreSQL "
                + "(`SKIP_POSTGRES=1` leaves it out). One pair alone: `java -jar cluster-benchmarks/target/benchmarks.jar "
                + "StatusBenchmark` (any JMH options apply). Set `CHUNKCLUSTER_BENCH_DIR` to choose where the "
                + "benchmark databases go (they take about 1 GB).\n");
        return md.toString();
    }

    /** The scaling series' runs: wall time and CPU of each run, the ceilings, where the fixed cost comes from. */
    private static void scalingDetails(StringBuilder md, Properties e2e) {
        String p = EndToEnd.SCALE;
        md.append("Scaling: ").append(e2e.getProperty(p + "exploration", "?")).append(".\n\n");
        md.append("| | Runs (s) | Median (s) | CPU, all processes, each run (s) | CPU median (s) |\n"
                + "|---|---|---:|---|---:|\n");
        md.append("| `explore --workers 2 --years ").append(e2e.getProperty(p + "years", "?")).append("` | ")
                .append(e2e.getProperty(p + "workers.runs")).append(" | ")
                .append(e2e.getProperty(p + "workers.medianSeconds")).append(" | ")
                .append(e2e.getProperty(p + "workers.cpuRuns")).append(" | ")
                .append(e2e.getProperty(p + "workers.cpuMedianSeconds")).append(" |\n");
        md.append("| `explore --inline --years ").append(e2e.getProperty(p + "years", "?")).append("` | ")
                .append(e2e.getProperty(p + "inline.runs")).append(" | ")
                .append(e2e.getProperty(p + "inline.medianSeconds")).append(" | ")
                .append(e2e.getProperty(p + "inline.cpuRuns")).append(" | ")
                .append(e2e.getProperty(p + "inline.cpuMedianSeconds")).append(" |\n");
        if (e2e.containsKey(p + "halves.runs")) {
            md.append("| two `explore --inline --combinations ").append(e2e.getProperty(p + "halves.combinations"))
                    .append("` at once | ").append(e2e.getProperty(p + "halves.runs")).append(" | ")
                    .append(e2e.getProperty(p + "halves.medianSeconds")).append(" | | |\n");
        }
        md.append("\nFixed cost of each cluster run, launch to every worker's first claim (ms): ")
                .append(e2e.getProperty(p + "fixedCost.samplesMs", "?"))
                .append(". Worker launch to first claim (ms): ").append(e2e.getProperty(p + "firstClaim.samplesMs", "?"))
                .append(". Two-thread scaling of the spin loop, each measurement: ")
                .append(e2e.getProperty(p + "machine.spinScaling.samples", "?")).append(". Workers still alive when "
                        + "`explore` had exited: ").append(e2e.getProperty(p + "workers.outlivedExplore", "?"))
                .append(".\n\n");
    }

    /** A few lines for the console at the end of a run. */
    /** The sides of a contention result: the library, raw JDBC, and the minimal queue when the run measured it. */
    private static List<String> contentionSides(Properties contention) {
        return contention.containsKey("minimal.cyclesPerSecond") ? List.of("library", "raw", "minimal")
                : List.of("library", "raw");
    }

    private static String sideName(String side) {
        return switch (side) {
            case "raw" -> "raw JDBC";
            case "minimal" -> "minimal queue";
            default -> side;
        };
    }

    static String summary(List<JmhResult> jmh, Properties contention, Properties e2e) {
        StringBuilder out = new StringBuilder();
        for (Row row : rows(jmh, contention, e2e)) {
            out.append(String.format(Locale.ROOT, "%-52s %-28s %-28s %-16s %-18s %s%n", row.measurement(),
                    row.library(), row.baseline(), row.ratio(), row.target(), row.verdict()));
        }
        return out.toString();
    }

    /** For each row not met, its measurement and what meeting the target would take, as far as it is known. */
    static List<String> gaps(List<Row> rows) {
        List<String> gaps = new ArrayList<>();
        for (Row row : rows) {
            if (!row.verdict().equals("**no**")) {
                continue;
            }
            String known = GAPS.entrySet().stream().filter(gap -> row.measurement().startsWith(gap.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("not analysed yet.");
            gaps.add(row.measurement() + ": " + known);
        }
        return gaps;
    }

    /** The section "Between two runs": every ratio's move since the previous run, or how to get a previous run. */
    private static void appendBetweenRuns(StringBuilder md, PreviousRun previous, List<Row> rows) {
        md.append("## Between two runs\n\n");
        if (previous == null) {
            md.append("No previous run to compare with. run.sh keeps the results of a complete run in "
                    + "`cluster-benchmarks/target/results.prev` when it starts the next, and the report of that next "
                    + "run says here how far each ratio moved; the target is ±").append(percent(STABLE_WITHIN))
                    .append(".\n\n");
            return;
        }
        List<Moved> moved = betweenRuns(previous.rows(), rows);
        Properties machine = previous.machine();
        List<String> before = new ArrayList<>();
        if (machine.containsKey("commit")) {
            before.add("commit `" + machine.getProperty("commit") + "`");
        }
        if (machine.containsKey("started")) {
            before.add("started " + machine.getProperty("started"));
        }
        if (machine.containsKey("loadStart")) {
            before.add("load average " + machine.getProperty("loadStart") + " at its start");
        }
        md.append("Each ratio that has a target, in this run and in the run of run.sh before it on this machine")
                .append(before.isEmpty() ? "" : " (" + String.join(", ", before) + ")")
                .append(". Target: a move of at most ±").append(percent(STABLE_WITHIN)).append(". ")
                .append(moved.stream().filter(Moved::stable).count()).append(" of ").append(moved.size())
                .append(" within it. The PostgreSQL section below is not compared.\n\n");
        md.append("| Measurement | Run before | This run | Change | Within ±").append(percent(STABLE_WITHIN))
                .append(" |\n|---|---:|---:|---:|---|\n");
        for (Moved m : moved) {
            md.append("| ").append(m.measurement()).append(" | ").append(significant(m.previous())).append(" | ")
                    .append(significant(m.current())).append(" | ")
                    .append(String.format(Locale.ROOT, "%+.1f %%", 100 * m.change())).append(" | ")
                    .append(m.stable() ? "yes" : "**no**").append(" |\n");
        }
        md.append('\n');
        if (moved.stream().anyMatch(m -> !m.stable())) {
            md.append("What holding every ratio within ±").append(percent(STABLE_WITHIN)).append(" would take: ")
                    .append(UNSTABLE).append("\n\n");
        }
    }

    /** Three significant digits: 0.973, 16.2, 2.00, 0.0000346. */
    static String significant(double value) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3));
        return rounded.setScale(rounded.scale() + Math.max(0, 3 - rounded.precision())).toPlainString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * fraction);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
