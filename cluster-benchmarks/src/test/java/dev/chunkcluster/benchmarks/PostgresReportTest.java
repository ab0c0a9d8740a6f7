package dev.chunkcluster.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresReportTest {

    private static Properties results() {
        Properties results = new Properties();
        results.setProperty("postgresVersion", "15.18");
        results.setProperty("chunks", "200000");
        results.setProperty("reps", "3");
        results.setProperty("windowSeconds", "2");
        results.setProperty("loadStart", "1.50, 2.00, 2.50");
        results.setProperty("loadEnd", "1.60, 2.10, 2.40");
        results.setProperty("durationSeconds", "300");
        results.setProperty("cc.library.1", "900.0,1000.0,950.0");
        results.setProperty("cc.raw.1", "1000.0,1100.0,1050.0");
        results.setProperty("cc.library.4", "500.0,600.0,400.0");
        results.setProperty("cc.raw.4", "1000.0,1000.0,1000.0");
        results.setProperty("drainItems", "10000");
        results.setProperty("drain.library", "3000.0");
        results.setProperty("drain.dbscheduler", "1000.0");
        results.setProperty("decayChunks", "200000");
        results.setProperty("decay.postgres.first", "1000.0");
        results.setProperty("decay.postgres.last", "500.0");
        results.setProperty("decay.sqlite.first", "4000.0");
        results.setProperty("decay.sqlite.last", "3900.0");
        return results;
    }

    @Test
    void medianAndSpreadOfRepetitions() {
        assertEquals(950.0, PostgresReport.median(new double[]{900, 1000, 950}));
        assertEquals(1.5, PostgresReport.median(new double[]{2, 1}));
        assertEquals("950 chunks/s (900–1,000)", PostgresReport.figure(new double[]{900, 1000, 950}, "chunks/s"));
        assertEquals("3,000 items/s", PostgresReport.figure(new double[]{3000}, "items/s"));
    }

    @Test
    void tableRowsCompareMediansAgainstTheTargets() {
        String section = PostgresReport.section(results());

        assertTrue(section.contains("| claim+complete, 1 process | 950 chunks/s (900–1,000) | 1,050 chunks/s "
                + "(1,000–1,100) | 0.90 | ≥ 0.85 | met |"), section);
        assertTrue(section.contains("| claim+complete, 4 processes | 500 chunks/s (400–600) | 1,000 chunks/s "
                + "(1,000–1,000) | 0.50 | ≥ 0.85 | **not met** |"), section);
        assertTrue(section.contains("| items per second | 3,000 items/s | 1,000 items/s | 3.00 | ≥ 1.5 (the store) "
                + "| met |\n| | | | | ≥ 3.0 (short chunks) | met |"), section);
        assertTrue(section.contains("| PostgreSQL | 1,000 chunks/s | 500 chunks/s | 0.50 | ≥ 0.8 | **not met** |"),
                section);
        assertTrue(section.contains("| SQLite | 4,000 chunks/s | 3,900 chunks/s | 0.98 | ≥ 0.8 | met |"), section);
        assertTrue(section.contains("1.50, 2.00, 2.50 at the start"), section);
        assertFalse(section.contains("batch-16"), "no row for a measurement that was not run:\n" + section);
    }

    @Test
    void onlyTheTargetsNotMetGetWhatTheyWouldTake() {
        String section = PostgresReport.section(results());

        assertTrue(section.contains("- Library against the raw loop:"), section);
        assertTrue(section.contains("- The queue head:"), section);
        assertFalse(section.contains("- Library against db-scheduler:"), section);

        Properties slower = results();
        slower.setProperty("drain.library", "2000.0");
        String slowerSection = PostgresReport.section(slower);
        assertTrue(slowerSection.contains("| 2.00 | ≥ 1.5 (the store) | met |\n"
                + "| | | | | ≥ 3.0 (short chunks) | **not met** |"), slowerSection);
        assertTrue(slowerSection.contains("- Library against db-scheduler:"), slowerSection);
    }
}
