package dev.chunkcluster.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkReportTest {

    private static final String JMH_JSON = """
            [
              {
                "jmhVersion" : "1.37",
                "benchmark" : "dev.chunkcluster.benchmarks.ClaimCompleteBenchmark.claimCompleteLibrary",
                "mode" : "thrpt",
                "params" : { },
                "primaryMetric" : {
                  "score" : 11000.5, "scoreError" : 250.0, "scoreConfidence" : [ 10750.5, 11250.5 ],
                  "scoreUnit" : "ops/s", "rawData" : [ [ 10900.0, 11100.0, 11000.0 ] ]
                },
                "secondaryMetrics" : { }
              },
              {
                "benchmark" : "dev.chunkcluster.benchmarks.ClaimCompleteBenchmark.claimCompleteRawJdbc",
                "mode" : "thrpt",
                "primaryMetric" : { "score" : 12000.0, "scoreError" : "NaN", "scoreUnit" : "ops/s",
                                    "rawData" : [ [ 12000.0 ] ] }
              },
              {
                "benchmark" : "dev.chunkcluster.benchmarks.StatusBenchmark.statusLibrary",
                "mode" : "avgt",
                "primaryMetric" : { "score" : 60.0, "scoreError" : 1.5, "scoreUnit" : "ms/op", "rawData" : [ [ 60.0 ] ] }
              },
              {
                "benchmark" : "dev.chunkcluster.benchmarks.StatusBenchmark.statusRawJdbc",
                "mode" : "avgt",
                "primaryMetric" : { "score" : 46.0, "scoreError" : 1.0, "scoreUnit" : "ms/op", "rawData" : [ [ 46.0 ] ] }
              },
              {
                "benchmark" : "dev.chunkcluster.benchmarks.DrainBenchmark.drain20kLibrary",
                "mode" : "ss",
                "primaryMetric" : { "score" : 50.0, "scoreError" : 5.0, "scoreUnit" : "us/op", "rawData" : [ [ 50.0 ] ] }
              },
              {
                "benchmark" : "dev.chunkcluster.benchmarks.DrainBenchmark.drain20kDbScheduler",
                "mode" : "ss",
                "primaryMetric" : { "score" : 175.0, "scoreError" : 5.0, "scoreUnit" : "us/op", "rawData" : [ [ 175.0 ] ] }
              }
            ]
            """;

    @Test
    void readsJmhResults() {
        List<BenchmarkResults.JmhResult> results = BenchmarkResults.readJmh(JMH_JSON);

        assertEquals(6, results.size());
        BenchmarkResults.JmhResult first = results.get(0);
        assertEquals("claimCompleteLibrary", first.method());
        assertEquals("ClaimCompleteBenchmark", first.type());
        assertEquals(11000.5, first.score());
        assertEquals(250.0, first.error());
        assertEquals(3, first.samples());
        assertTrue(Double.isNaN(results.get(1).error()), "JMH writes \"NaN\" when it cannot compute an error");
    }

    @Test
    void ratiosCompareLibraryWithBaselineAndJudgeTheTarget() {
        List<BenchmarkResults.Row> rows = BenchmarkResults.rows(BenchmarkResults.readJmh(JMH_JSON), new Properties(),
                new Properties());

        BenchmarkResults.Row claim = row(rows, "`claimComplete`");
        assertEquals("0.92", claim.ratio());
        assertEquals("yes", claim.verdict());
        assertEquals("11,001 (10,950–11,050)", claim.library());

        BenchmarkResults.Row status = row(rows, "`status`");
        assertEquals("1.30", status.ratio(), "60 ms against 46 ms");
        assertEquals("**no**", status.verdict());

        BenchmarkResults.Row peer = row(rows, "`drain20k`");
        assertEquals("20,000 ± 2,000", peer.library(), "50 us per item is 20,000 items per second");
        assertEquals("3.50", peer.ratio());
        assertEquals("yes", peer.verdict());

        assertEquals("not measured", row(rows, "`claimBatch16`").verdict());
        assertEquals("not measured", row(rows, "contention").verdict());
    }

    @Test
    void contentionFailsOnAnyLibraryErrorEvenWhenFastEnough() {
        Properties contention = contention("9500", "10000");

        assertEquals("yes", row(BenchmarkResults.rows(List.of(), contention, new Properties()), "contention, 4")
                .verdict());
        contention.setProperty("library.errors", "1");
        assertEquals("**no**", row(BenchmarkResults.rows(List.of(), contention, new Properties()), "contention, 4")
                .verdict());
    }

    @Test
    void contentionIsJudgedOnTheMedianOfTheRounds() {
        Properties contention = contention("8000", "10000");
        contention.setProperty("library.medianCyclesPerSecond", "9600");
        contention.setProperty("raw.medianCyclesPerSecond", "10000");

        BenchmarkResults.Row row = row(BenchmarkResults.rows(List.of(), contention, new Properties()), "contention, 4");
        assertEquals("0.96", row.ratio());
        assertEquals("yes", row.verdict());
        assertTrue(row.measurement().contains("median of rounds"), row.measurement());
    }

    @Test
    void contentionIsAlsoJudgedAgainstTheMinimalQueueAndItsSideIsShown() {
        Properties contention = contention("8500", "10000");
        contention.setProperty("minimal.cyclesPerSecond", "10000");
        contention.setProperty("minimal.p99ClaimMs", "0.8");
        contention.setProperty("minimal.errors", "0");

        BenchmarkResults.Row row = row(BenchmarkResults.rows(List.of(), contention, new Properties()),
                "contention vs minimal queue, 4");
        assertEquals("0.85", row.ratio());
        assertEquals("≥ 0.80, no error", row.target());
        assertEquals("yes", row.verdict());
        contention.setProperty("minimal.cyclesPerSecond", "11000");
        assertEquals("**no**", row(BenchmarkResults.rows(List.of(), contention, new Properties()),
                "contention vs minimal queue, 4").verdict(), "8,500 of 11,000 is 0.77");

        Properties e2e = new Properties();
        e2e.setProperty("status", "skipped");
        String md = BenchmarkReport.render(List.of(), List.of(), contention, e2e, new Properties(), null);
        assertTrue(md.contains("| minimal queue | ? | 11,000 | 11,000 | ? ms | ? ms | 0.8 ms | 0 |"), md);
    }

    @Test
    void eachTargetNotMetSaysWhatItWouldTakeAndMetOnesSayNothing() {
        List<BenchmarkResults.Row> rows = List.of(
                new BenchmarkResults.Row("`claimCompleteMinimal` (cycles/s)", "1", "2", "0.50", "≥ 0.80", "**no**"),
                new BenchmarkResults.Row("`status` (ms)", "1", "2", "0.50", "≤ 1.10", "yes"),
                new BenchmarkResults.Row("something new (ms)", "1", "2", "2.00", "≤ 1.10", "**no**"));

        List<String> gaps = BenchmarkReport.gaps(rows);

        assertEquals(2, gaps.size(), gaps.toString());
        assertTrue(gaps.get(0).startsWith("`claimCompleteMinimal` (cycles/s): The cost is SQLite's commit"),
                gaps.get(0));
        assertEquals("something new (ms): not analysed yet.", gaps.get(1));
    }

    @Test
    void contentionWithoutAMinimalSideHasNoMinimalRow() {
        List<BenchmarkResults.Row> rows = BenchmarkResults.rows(List.of(), contention("8500", "10000"),
                new Properties());

        assertTrue(rows.stream().noneMatch(r -> r.measurement().startsWith("contention vs minimal")), rows::toString);
    }

    @Test
    void theMachineCeilingIsReportedBesideTheSpeedUp() {
        Properties e2e = endToEnd("10.0", "14.0", "350", "100");
        e2e.setProperty("machine.spinScaling", "1.47");

        BenchmarkResults.Row ceiling = row(BenchmarkResults.rows(List.of(), new Properties(), e2e), "machine ceiling");
        assertEquals("speed-up 1.47", ceiling.ratio());
        assertEquals("–", ceiling.verdict());
    }

    @Test
    void theWorkloadCeilingIsTheInlineTimeOverTwoHalvesAtOnce() {
        Properties e2e = endToEnd("12.0", "19.0", "350", "100");
        e2e.setProperty("halves.medianSeconds", "10.0");

        BenchmarkResults.Row ceiling = row(BenchmarkResults.rows(List.of(), new Properties(), e2e), "workload ceiling");
        assertEquals("speed-up 1.90", ceiling.ratio());
        assertTrue(ceiling.baseline().contains("19"), ceiling.baseline());
        assertEquals("–", ceiling.verdict());
    }

    @Test
    void endToEndRowsJudgeSpeedUpAndMemoryAndReportTheFirstClaim() {
        Properties e2e = endToEnd("10.0", "19.0", "450", "120.5");

        List<BenchmarkResults.Row> rows = BenchmarkResults.rows(List.of(), new Properties(), e2e);

        assertEquals("speed-up 1.90", row(rows, "`explore").ratio());
        assertEquals("yes", row(rows, "`explore").verdict());
        assertEquals("450", row(rows, "worker launch").library());
        assertEquals("reported", row(rows, "worker launch").target());
        assertEquals("–", row(rows, "worker launch").verdict());
        assertEquals("yes", row(rows, "worker peak").verdict());
    }

    @Test
    void rendersOneDocumentWithTheTableMachineAndRerunCommand() {
        Properties machine = new Properties();
        machine.setProperty("cpu", "Test CPU");
        machine.setProperty("cores", "2");
        machine.setProperty("version.sqlite", "3.50.3");
        Properties e2e = new Properties();
        e2e.setProperty("status", "skipped: the examples' jar was not built");

        List<BenchmarkResults.JmhResult> runs = BenchmarkResults.readJmh(JMH_JSON);
        String md = BenchmarkReport.render(BenchmarkResults.combine(runs), runs, new Properties(), e2e, machine, null);

        assertTrue(md.startsWith("# Benchmarks\n"));
        assertTrue(md.contains("| `claimComplete` (cycles/s) | 11,000 (10,950–11,050) | 12,000 raw JDBC | 0.92 | ≥ 0.90"
                + " | yes |"), md);
        assertTrue(md.contains("Test CPU (2 cores)"));
        assertTrue(md.contains("## Start-up\n\nCoordinators and workers are plain JVMs"), md);
        assertTrue(md.contains("is reported here and not tuned: not measured in this run."), md);
        assertTrue(md.contains("Not measured in this run: skipped: the examples' jar was not built."));
        assertTrue(md.contains("cluster-benchmarks/run.sh"));
    }

    @Test
    void runsOfOneBenchmarkCombineIntoTheirMeanWithTheLargestDistanceAsError() {
        List<BenchmarkResults.JmhResult> runs = List.of(
                new BenchmarkResults.JmhResult("a.B.statusLibrary", "avgt", 50, 1, "ms/op", 3),
                new BenchmarkResults.JmhResult("a.B.statusRawJdbc", "avgt", 45, 1, "ms/op", 3),
                new BenchmarkResults.JmhResult("a.B.statusLibrary", "avgt", 54, 1, "ms/op", 3));

        List<BenchmarkResults.JmhResult> combined = BenchmarkResults.combine(runs);

        assertEquals(2, combined.size());
        assertEquals(new BenchmarkResults.JmhResult("a.B.statusLibrary", "avgt", 52, 2, "ms/op", 6), combined.get(0));
        assertEquals(runs.get(1), combined.get(1), "a single run keeps JMH's own error");
    }

    @Test
    void runsWithTheirIterationsCombineIntoTheMedianOfEveryIterationWithTheInterquartileRange() {
        List<BenchmarkResults.JmhResult> runs = List.of(
                new BenchmarkResults.JmhResult("a.B.statusLibrary", "avgt", 51, 1, "ms/op", 3, List.of(50.0, 51.0,
                        52.0)),
                new BenchmarkResults.JmhResult("a.B.statusLibrary", "avgt", 60, 1, "ms/op", 3, List.of(53.0, 54.0,
                        100.0)));

        BenchmarkResults.JmhResult combined = BenchmarkResults.combine(runs).get(0);

        assertEquals(52.5, combined.score(), 1e-9, "the median of the six iterations; the outlier does not move it");
        assertEquals(6, combined.samples());
        BenchmarkResults.Pair status = pair("status");
        assertEquals("52.5 (51.3–53.8)", BenchmarkResults.figure(combined, status));
    }

    @Test
    void timesPerItemShowAsItemsPerSecondWithTheirQuartilesSwapped() {
        BenchmarkResults.JmhResult drain = BenchmarkResults.combine(List.of(new BenchmarkResults.JmhResult(
                "a.B.drain20kLibrary", "ss", 0, 0, "us/op", 3, List.of(40.0, 50.0, 100.0)))).get(0);

        assertEquals("20,000 (13,333–22,222)", BenchmarkResults.figure(drain, pair("drain20k")));
    }

    @Test
    void theScalingRunIsJudgedOnSpeedUpAndCpuAndReportsTheFixedCost() {
        Properties e2e = scaling();
        e2e.setProperty("scale.inline.medianSeconds", "60.0");
        e2e.setProperty("scale.inline.runs", "59.00, 61.00");
        e2e.setProperty("scale.inline.cpuMedianSeconds", "60.0");
        e2e.setProperty("scale.inline.cpuRuns", "59.8, 60.2");
        e2e.setProperty("scale.workers.outlivedExplore", "0");
        e2e.setProperty("scale.fixedCost.medianMs", "1500");
        e2e.setProperty("scale.fixedCost.samplesMs", "1400, 1600");
        e2e.setProperty("scale.halves.medianSeconds", "31.0");
        e2e.setProperty("scale.machine.spinScaling", "1.98");

        List<BenchmarkResults.Row> rows = BenchmarkResults.rows(List.of(), new Properties(), e2e);

        BenchmarkResults.Row speedUp = row(rows, "`explore --workers 2` vs `--inline`, heavier sweep (`--years 100`)");
        assertEquals("32.0 (31.5–32.5)", speedUp.library());
        assertEquals("60.0 (59.0–61.0) inline", speedUp.baseline());
        assertEquals("speed-up 1.88", speedUp.ratio());
        assertEquals("speed-up ≥ 1.85", speedUp.target());
        assertEquals("yes", speedUp.verdict());
        BenchmarkResults.Row cpu = row(rows, "CPU of the cluster run");
        assertEquals("1.06", cpu.ratio());
        assertEquals("≤ 1.05", cpu.target());
        assertEquals("**no**", cpu.verdict());
        BenchmarkResults.Row fixed = row(rows, "fixed cost of a cluster run");
        assertEquals("1,500 (1,400–1,600)", fixed.library());
        assertEquals("reported", fixed.target());
        assertEquals("speed-up 1.94", row(rows, "workload ceiling, heavier sweep").ratio());
        assertEquals("speed-up 1.98", row(rows, "machine ceiling beside the scaling runs").ratio());

        e2e.setProperty("scale.workers.outlivedExplore", "1");
        e2e.setProperty("scale.workers.cpuMedianSeconds", "61.0");
        BenchmarkResults.Row missing = row(BenchmarkResults.rows(List.of(), new Properties(), e2e), "CPU of the");
        assertEquals("**no**", missing.verdict(), "a worker's CPU not counted is no pass");
        assertTrue(missing.library().contains("1 workers outlived explore"), missing.library());
    }

    @Test
    void aRunWithoutTheScalingSeriesSaysNotMeasured() {
        List<BenchmarkResults.Row> rows = BenchmarkResults.rows(List.of(), new Properties(),
                endToEnd("10.0", "19.0", "450", "120.5"));

        assertEquals("not measured", row(rows, "CPU of the cluster run").verdict());
        assertEquals("speed-up ≥ 1.85", row(rows, "`explore --workers 2` vs `--inline`, heavier").target());
    }

    @Test
    void theScalingDetailsShowEachRunsTimeAndCpu() {
        Properties e2e = scaling();
        e2e.setProperty("scale.exploration", "the demo's sweep over 100 years");

        String md = BenchmarkReport.render(List.of(), List.of(), new Properties(), e2e, new Properties(), null);

        assertTrue(md.contains("Scaling: the demo's sweep over 100 years."), md);
        assertTrue(md.contains("| `explore --workers 2 --years 100` | 31.50, 32.50 | 32.0 | 63.2, 64.0 | 63.6 |"), md);
    }

    @Test
    void numbersReadWell() {
        assertEquals("12,346", BenchmarkResults.number(12345.6));
        assertEquals("46.2", BenchmarkResults.number(46.21));
        assertEquals("0.92", BenchmarkResults.number(0.921));
    }

    @Test
    void aFileThatIsNotJsonIsRefusedWithItsPosition() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BenchmarkResults.readJmh("[1, }"));
        assertTrue(e.getMessage().contains("line 1, column 5"), e.getMessage());
    }

    @Test
    void percentilesAndMedians() {
        assertEquals(99, ContentionRun.percentile(java.util.stream.IntStream.rangeClosed(1, 100).toArray(), 0.99));
        assertEquals(0, ContentionRun.percentile(new int[0], 0.99));
        assertEquals(2.5, EndToEnd.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(2.0, EndToEnd.median(List.of(3.0, 1.0, 2.0)));
    }

    private static BenchmarkResults.Pair pair(String operation) {
        return BenchmarkResults.PAIRS.stream().filter(p -> p.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static BenchmarkResults.Row row(List<BenchmarkResults.Row> rows, String prefix) {
        return rows.stream().filter(r -> r.measurement().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in " + rows));
    }

    /** A contention result of 4 processes with these mean throughputs and no error. */
    @Test
    void theReportSaysHowFarEachRatioMovedSinceTheRunBefore(@TempDir Path directory) throws IOException {
        Path before = Files.createDirectories(directory.resolve("results.prev"));
        store(contention("9700", "10000"), before.resolve("contention.properties"));
        store(endToEnd("10.0", "18.0", "450", "120.5"), before.resolve("e2e.properties"));
        Properties machine = new Properties();
        machine.setProperty("commit", "abc1234");
        store(machine, before.resolve("machine.properties"));

        BenchmarkReport.PreviousRun previous = BenchmarkReport.previous(before);
        Properties e2e = endToEnd("10.0", "18.5", "450", "120.5");
        String md = BenchmarkReport.render(List.of(), List.of(), contention("10400", "10000"), e2e, new Properties(),
                previous);

        assertTrue(md.contains("run of run.sh before it on this machine (commit `abc1234`). Target: a move of at most "
                + "±5 %. 1 of 2 within it."), md);
        assertTrue(md.contains("| contention, 4 processes (cycles/s) | 0.970 | 1.04 | +7.2 % | **no** |"), md);
        assertTrue(md.contains("| `explore --workers 2` vs `--inline` (s, median) | 1.80 | 1.85 | +2.8 % | yes |"), md);
        assertTrue(md.contains("What holding every ratio within ±5 % would take: " + BenchmarkReport.UNSTABLE), md);
        assertEquals(2, BenchmarkReport.betweenRuns(previous.rows(), BenchmarkResults.rows(List.of(),
                contention("10400", "10000"), e2e)).size(), "rows without a target (p99 wait, memory) are left out");
    }

    @Test
    void withoutARunBeforeTheReportSaysHowToGetOne(@TempDir Path directory) throws IOException {
        assertNull(BenchmarkReport.previous(directory.resolve("results.prev")));

        String md = BenchmarkReport.render(List.of(), List.of(), new Properties(), new Properties(), new Properties(),
                null);

        assertTrue(md.contains("## Between two runs\n\nNo previous run to compare with. run.sh keeps the results of "
                + "a complete run in `cluster-benchmarks/target/results.prev`"), md);
        assertFalse(md.contains("would take: " + BenchmarkReport.UNSTABLE), md);
    }

    @Test
    void ratiosAreComparedWithThreeSignificantDigits() {
        assertEquals("0.973", BenchmarkReport.significant(0.97312));
        assertEquals("16.2", BenchmarkReport.significant(16.2222));
        assertEquals("0.0000346", BenchmarkReport.significant(0.00003461));
        assertEquals("2.00", BenchmarkReport.significant(2.0));
        assertEquals("1.10", BenchmarkReport.significant(1.1));
    }

    private static void store(Properties properties, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, null);
        }
    }

    private static Properties contention(String libraryCyclesPerSecond, String rawCyclesPerSecond) {
        Properties contention = new Properties();
        contention.setProperty("workers", "4");
        contention.setProperty("library.cyclesPerSecond", libraryCyclesPerSecond);
        contention.setProperty("raw.cyclesPerSecond", rawCyclesPerSecond);
        contention.setProperty("library.p99ClaimMs", "1.0");
        contention.setProperty("raw.p99ClaimMs", "1.0");
        contention.setProperty("library.errors", "0");
        return contention;
    }

    /** A successful end-to-end result with a scaling series at {@code --years 100}: the cluster's side of it. */
    private static Properties scaling() {
        Properties e2e = endToEnd("10.0", "19.0", "450", "120.5");
        e2e.setProperty("scale.years", "100");
        e2e.setProperty("scale.speedup", "1.9");
        e2e.setProperty("scale.workers.medianSeconds", "32.0");
        e2e.setProperty("scale.workers.runs", "31.50, 32.50");
        e2e.setProperty("scale.workers.cpuMedianSeconds", "63.6");
        e2e.setProperty("scale.workers.cpuRuns", "63.2, 64.0");
        return e2e;
    }

    /** A successful end-to-end result with these medians. */
    private static Properties endToEnd(String workersSeconds, String inlineSeconds, String firstClaimMs,
                                       String peakRssMb) {
        Properties e2e = new Properties();
        e2e.setProperty("status", "ok");
        e2e.setProperty("workers.medianSeconds", workersSeconds);
        e2e.setProperty("inline.medianSeconds", inlineSeconds);
        e2e.setProperty("firstClaim.medianMs", firstClaimMs);
        e2e.setProperty("worker.peakRssMb", peakRssMb);
        return e2e;
    }
}
