package dev.chunkcluster.core.status;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressAndHealthTest {

    @Test
    void progressIsTestedOverTotal() {
        assertEquals(25.0, new Progress(1024, 4096).percent(), 1e-9);
        assertEquals(0.0, new Progress(0, 0).percent(), 1e-9);
        assertEquals(100.0, new Progress(4096, 4096).percent(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Progress(5, 4));
    }

    @Test
    void runningChunksWithoutAnyLiveProcessAreAllStale() {
        Health health = Health.of(3, 0, 0);
        assertEquals(3, health.staleRunning());
        assertFalse(health.healthy());
        assertTrue(health.message().contains("no coordinator or worker process is alive"), health.message());
    }

    @Test
    void withLiveProcessesOnlyExpiredLeasesAreStale() {
        Health health = Health.of(3, 1, 2);
        assertEquals(1, health.staleRunning());
        assertTrue(health.message().contains("expired lease"), health.message());
    }

    @Test
    void withoutAProcessCheckOnlyExpiredLeasesCount() {
        Health health = Health.of(3, 0, null);
        assertFalse(health.processesChecked());
        assertEquals(0, health.staleRunning());
        assertTrue(health.healthy());
        assertEquals("ok", health.message());
    }

    @Test
    void nothingRunningIsHealthyEvenWithNoProcess() {
        assertTrue(Health.of(0, 0, 0).healthy());
    }
}
