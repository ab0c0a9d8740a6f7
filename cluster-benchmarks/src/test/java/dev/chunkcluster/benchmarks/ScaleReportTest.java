package dev.chunkcluster.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleReportTest {

    private static Properties results() {
        Properties results = new Properties();
        results.setProperty("scale.chunks", "10000000");
        results.setProperty("scale.completed", "100000");
        results.setProperty("scale.running", "100000");
        results.setProperty("scale.commit", "abc1234");
        results.setProperty("scale.date", "2026-11-30T18:00:00Z");
        results.setProperty("scale.peakRssMb", "130");
        results.setProperty("scale.loadStart", "1.96, 1.82, 4.65");
        results.setProperty("scale.sqlite.tenth.createMs", "2400.0");
        results.setProperty("scale.sqlite.tenth.statusMs", "0.2");
        results.setProperty("scale.sqlite.tenth.top10Ms", "150.0");
        results.setProperty("scale.sqlite.tenth.stopMs", "300.0");
        results.setProperty("scale.sqlite.tenth.peakHeapMb", "40");
        results.setProperty("scale.sqlite.full.createMs", "24000.0");
        results.setProperty("scale.sqlite.full.statusMs", "0.3");
        results.setProperty("scale.sqlite.full.top10Ms", "1250.0");
        results.setProperty("scale.sqlite.full.stopMs", "330.0");
        results.setProperty("scale.sqlite.full.peakHeapMb", "41");
        return results;
    }

    @Test
    void bothSizesSideBySideJudgedAgainstTheTargets() {
        String section = ScaleReport.section(results());

        assertTrue(section.contains("| store | step | 1,000,000 chunks | 10,000,000 chunks | 10,000,000 / 1,000,000 "
                + "| target | met |"), section);
        assertTrue(section.contains("| SQLite | create | 2,400 ms | 24,000 ms | 10.0 | reported | – |"), section);
        assertTrue(section.contains("| SQLite | status | 0.2 ms | 0.3 ms | 1.5 | ≤ 20 ms at any size | met |"),
                section);
        assertTrue(section.contains("| SQLite | Stop's database step | 300 ms | 330 ms | 1.1 | proportional to the "
                + "running chunks: ≤ 1.5 × | met |"), section);
        assertTrue(section.contains("| SQLite | peak heap, garbage included | 40.0 MB | 41.0 MB | 1.0 | flat: ≤ 1.5 × "
                + "| met |"), section);
        assertTrue(section.contains("at commit `abc1234`"), section);
        assertTrue(section.contains("Load average (1, 5, 15 min) 1.96, 1.82, 4.65 at the start, ? at the end."),
                section);
        assertFalse(section.contains("PostgreSQL |"), "no rows for a store that was not measured:\n" + section);
    }

    @Test
    void aStepThatGrowsWithTheExplorationIsNotMet() {
        Properties slower = results();
        slower.setProperty("scale.sqlite.full.stopMs", "3000.0");
        slower.setProperty("scale.sqlite.full.statusMs", "25.0");
        String section = ScaleReport.section(slower);

        assertTrue(section.contains("| 10.0 | proportional to the running chunks: ≤ 1.5 × | **not met** |"), section);
        assertTrue(section.contains("| ≤ 20 ms at any size | **not met** |"), section);
    }

    @Test
    void aMissingFigureIsNamed() {
        Properties incomplete = results();
        incomplete.remove("scale.sqlite.tenth.stopMs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaleReport.section(incomplete));
        assertEquals("the scale results have no scale.sqlite.tenth.stopMs; run ScaleRun again", e.getMessage());
    }

    @Test
    void aRunThatDidNotMeasureAtSizeKeepsTheSectionItHad(@TempDir Path directory) throws IOException {
        Path before = directory.resolve("before.md");
        Path into = directory.resolve("benchmarks.md");
        String section = ScaleReport.section(results());
        Files.writeString(before, "# Benchmarks\n\nOld figures.\n\n" + section);
        Files.writeString(into, "# Benchmarks\n\nNew figures.\n");

        ScaleReport.main(new String[]{"--keep", before.toString(), "--into", into.toString()});

        assertEquals("# Benchmarks\n\nNew figures.\n\n" + section, Files.readString(into));
    }

    @Test
    void nothingToKeepLeavesTheFileAsItIs(@TempDir Path directory) throws IOException {
        Path into = directory.resolve("benchmarks.md");
        Files.writeString(into, "# Benchmarks\n");

        ScaleReport.main(new String[]{"--keep", directory.resolve("missing.md").toString(), "--into",
                into.toString()});

        assertEquals("# Benchmarks\n", Files.readString(into));
    }
}
