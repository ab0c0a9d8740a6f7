package dev.chunkcluster.examples.node;

import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.store.DbLocation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Nodes are plain JVMs: a heap size, their logging, the class path, the main class and their arguments. */
class NodeLaunchTest {

    @Test
    void aNodeIsAPlainJavaCommand() {
        Path database = Path.of("exploration.db").toAbsolutePath();
        List<String> worker = NodeLaunch.worker(DbLocation.of(database), "sweep", NodeSettings.of(2), 7).command();
        assertEquals(List.of(NodeLaunch.javaExecutable(), "-Xmx64m",
                "-Dchunkcluster.logging=node", "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), "--db", database.toString(), "--exploration", "sweep", "--years", "7",
                "--workers", "2",
                "--lease-ms", "10000", "--health-interval-ms", "2000"), worker);
        List<String> coordinator = NodeLaunch.coordinator(DbLocation.of(database), "sweep", NodeSettings.of(2), 7)
                .command();
        assertEquals(CoordinatorMain.class.getName(), coordinator.get(5));
        assertEquals(worker.subList(6, worker.size()), coordinator.subList(6, coordinator.size()));
        assertEquals(7, NodeArgs.parse(worker.subList(6, worker.size()).toArray(String[]::new)).years());
    }

    @Test
    void aNodeGetsTheHeapItsPriceSeriesNeeds() {
        assertEquals("-Xmx64m", NodeLaunch.heap(PriceSeries.DEMO_YEARS));
        assertEquals("-Xmx73m", NodeLaunch.heap(200), "40.1 MB of prices and 32 MB beside them");
        List<String> worker = NodeLaunch.worker(DbLocation.of(Path.of("exploration.db").toAbsolutePath()), "sweep",
                NodeSettings.of(2), 450).command();
        assertEquals("-Xmx123m", worker.get(1), "90.2 MB of prices and 32 MB beside them");
        assertEquals("-Xmx153m", NodeLaunch.heap(PriceSeries.MAX_YEARS));
    }

    @Test
    void aNodeRefusesYearsOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeArgs.parse(new String[]{
                "--db", "exploration.db", "--exploration", "sweep", "--years", "0"}));
        assertEquals("--years must be 1 to 600 (years of hourly prices each backtest runs over); got 0",
                e.getMessage());
    }

    @Test
    void aNodeGetsThePostgresUrlWithoutAPassword() {
        String url = "jdbc:postgresql://127.0.0.1:5432/jobs?user=explorer";
        List<String> worker = NodeLaunch.worker(DbLocation.parse(url), "sweep", NodeSettings.of(1), 20).command();
        assertEquals(List.of("--db", url), worker.subList(6, 8));
    }
}
