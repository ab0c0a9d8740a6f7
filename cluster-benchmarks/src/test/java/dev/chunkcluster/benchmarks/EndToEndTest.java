package dev.chunkcluster.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-to-end run watches workers through the process registry alone: which it records, and what. */
class EndToEndTest {

    @Test
    void recordsEachListedWorkerWithItsLaunchInstantAndPeakMemoryAndNothingElse(@TempDir Path registry)
            throws Exception {
        long pid = ProcessHandle.current().pid();
        Instant launched = Instant.parse("2026-11-29T10:15:30.123Z");
        Files.writeString(registry.resolve("sweep.worker." + pid),
                "role=worker\npid=" + pid + "\nlaunchedAt=" + launched + "\n");
        Files.writeString(registry.resolve("sweep.coordinator.1"), "role=coordinator\npid=1\nlaunchedAt=" + launched
                + "\n");
        Files.writeString(registry.resolve("sweep.worker.half-written"), "role=worker\npid=");
        Files.createDirectories(registry.resolve("logs"));
        Map<Long, WorkerWatch.Worker> seen = new LinkedHashMap<>();

        WorkerWatch.watchWorkers(registry, seen);

        assertEquals(List.of(pid), List.copyOf(seen.keySet()));
        assertEquals(launched, seen.get(pid).launched);
        assertTrue(seen.get(pid).peakRssKb > 0, "peak memory of this JVM read from /proc: " + seen.get(pid).peakRssKb);
    }

    @Test
    void aRegistryThatIsNotThereYetIsNoWorkerAndNoError(@TempDir Path directory) {
        Map<Long, WorkerWatch.Worker> seen = new LinkedHashMap<>();

        WorkerWatch.watchWorkers(directory.resolve("explore.db.processes"), seen);

        assertTrue(seen.isEmpty());
    }

    @Test
    void theCpuOfReapedChildrenIsFieldsSixteenAndSeventeenInSeconds() {
        String stat = "4242 (java (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 30 1234 566 20 0 30 0 100"
                + " 5000000 3000 18446744073709551615";
        assertEquals(18.0, ChildCpu.reapedChildrenSeconds(stat), 1e-9);
        double now = ChildCpu.reapedChildrenSeconds();
        assertTrue(now >= 0, "this JVM's reaped children: " + now);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, EndToEnd.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, EndToEnd.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(EndToEnd.median(List.of())));
    }
}
