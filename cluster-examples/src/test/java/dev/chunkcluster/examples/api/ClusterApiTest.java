package dev.chunkcluster.examples.api;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterApiTest {

    static final String NAME = "ma-atr-sweep";
    static final Duration LEASE = Duration.ofSeconds(10);

    SettableClock clock;
    InMemoryChunkStore store;
    FakeProcessController processes;
    ClusterApi api;

    @BeforeEach
    void setUp() {
        clock = new SettableClock();
        store = new InMemoryChunkStore(clock);
        processes = new FakeProcessController(clock);
        store.createExploration(ExplorationSpec.of(NAME, 256, 64));
        api = new ClusterApi(store, processes, NAME,
                () -> LaunchSpec.of(ProcessRole.COORDINATOR, NAME, List.of("java", "coordinator")),
                Duration.ofSeconds(1), clock);
    }

    @Test
    void aNewExplorationIsPendingAndNotRunning() {
        StatusBody status = api.status();
        assertEquals("PENDING", status.state());
        assertFalse(status.isRunning());
        assertEquals("running", status.desired());
        assertEquals(new StatusBody.Chunks(4, 0, 0, 4, 0), status.exploration().chunks());
        assertEquals(256, status.exploration().totalCombinations());
        assertEquals(0.0, status.exploration().progress());
        assertEquals(0, status.health().staleRunning());
        assertEquals("ok", status.health().message());
        assertNull(status.health().lastCheck());
        assertTrue(status.processes().isEmpty());
    }

    @Test
    void runningChunksWithNobodyAliveAreProcessingAndStale() {
        store.claim(NAME, "worker-1", LEASE);
        store.claim(NAME, "worker-2", LEASE);
        StatusBody status = api.status();
        assertEquals("PROCESSING", status.state());
        assertFalse(status.isRunning());
        assertEquals(2, status.health().staleRunning());
        assertTrue(status.health().message().contains("no coordinator or worker process is alive"),
                status.health().message());
    }

    @Test
    void stopResetsRunningChunksAndIsIdempotent() {
        store.claim(NAME, "worker-1", LEASE);
        store.claim(NAME, "worker-2", LEASE);
        ControlBody first = api.stop();
        assertEquals("stop", first.action());
        assertTrue(first.success());
        assertEquals(2, first.chunksReset());
        assertEquals(4, first.totalPending());
        assertFalse(first.isRunning());
        assertEquals("PENDING", api.status().state());
        assertEquals("stopped", api.status().desired());

        ControlBody second = api.stop();
        assertTrue(second.success());
        assertEquals(0, second.chunksReset());
        assertEquals(4, second.totalPending());
    }

    @Test
    void stopReportsEveryProcess() {
        processes.track(ProcessRole.COORDINATOR, NAME, FakeProcessController.Behaviour.EXITS_ON_TERM);
        processes.track(ProcessRole.WORKER, NAME, FakeProcessController.Behaviour.IGNORES_TERM);
        ControlBody body = api.stop();
        assertTrue(body.success());
        assertEquals(1, body.processes().stopped());
        assertEquals(1, body.processes().forced());
        assertEquals(2, body.processes().details().size());
        assertEquals("forced", body.processes().details().get(1).outcome());
        assertFalse(body.isRunning());
    }

    @Test
    void aProcessThatCannotBeStoppedMakesStopFail() {
        processes.track(ProcessRole.WORKER, NAME, FakeProcessController.Behaviour.UNSTOPPABLE);
        ControlBody body = api.stop();
        assertFalse(body.success());
        assertEquals(1, body.processes().failed());
        assertTrue(body.isRunning());
    }

    @Test
    void startLaunchesOneCoordinatorOnly() {
        ControlBody started = api.start();
        assertTrue(started.success());
        assertEquals(1, started.processes().launched());
        assertEquals("launched", started.processes().details().get(0).outcome());
        assertTrue(started.isRunning());
        assertEquals(4, started.totalPending());

        ControlBody again = api.start();
        assertTrue(again.success());
        assertEquals(0, again.processes().launched());
        assertEquals("already running", again.processes().details().get(0).outcome());
        assertEquals(1, processes.launchCount(ProcessRole.COORDINATOR));
    }

    @Test
    void startWithNothingPendingLaunchesNothingAndSaysSo() {
        for (int i = 0; i < 4; i++) {
            Lease lease = store.claim(NAME, "w", LEASE).orElseThrow();
            store.complete(lease.token(), "{}");
        }
        ControlBody body = api.start();
        assertFalse(body.success());
        assertTrue(body.message().startsWith("Nothing to start"), body.message());
        assertEquals(0, processes.launchCount(ProcessRole.COORDINATOR));
    }

    @Test
    void resultsMergeTheCompletedChunksTopTens() {
        SweepEvaluator evaluator = new SweepEvaluator(PriceSeries.generate(3, 2_000));
        Lease first = store.claim(NAME, "w", LEASE).orElseThrow();
        store.complete(first.token(), evaluator.evaluate(0, 64, t -> { }, () -> false).toJson());
        Lease second = store.claim(NAME, "w", LEASE).orElseThrow();
        store.complete(second.token(), "not a result document");

        ResultsBody results = api.results(3);
        assertEquals(2, results.completedChunks());
        assertEquals(4, results.totalChunks());
        assertFalse(results.complete());
        assertEquals(128, results.testedCombinations());
        ChunkResult expected = evaluator.evaluate(0, 64, t -> { }, () -> false);
        assertEquals(3, results.top().size());
        assertEquals(1, results.top().get(0).rank());
        assertEquals(expected.top().get(0).combination(), results.top().get(0).combination());
        assertEquals(expected.top().get(2).score(), results.top().get(2).score());
        assertThrows(IllegalArgumentException.class, () -> api.results(0));
        assertThrows(IllegalArgumentException.class, () -> api.results(11));
    }

    @Test
    void theHealthCheckResetsOrphansAndIsReportedInTheStatus() {
        store.claim(NAME, "worker-1", LEASE);
        HealthCheckBody check = api.runHealthCheck();
        assertEquals(1, check.fixed());
        assertEquals(1, check.checks());
        assertNull(check.error());
        StatusBody status = api.status();
        assertEquals("PENDING", status.state());
        assertNotNull(status.health().lastCheck());
        assertEquals(1, status.health().lastCheck().totalFixed());

        assertEquals(0, api.runHealthCheck().fixed());
        assertEquals(2, api.status().health().lastCheck().checks());
    }

    @Test
    void aMissingExplorationIsNamed() {
        ClusterApi other = new ClusterApi(store, processes, "other", () -> null, Duration.ZERO, clock);
        ExplorationMissingException e = assertThrows(ExplorationMissingException.class, other::stop);
        assertTrue(e.getMessage().contains("'other'"));
        assertTrue(e.getMessage().contains("`init`"));
        assertThrows(ExplorationNotFoundException.class, other::status);
    }

    @Test
    void progressIsRoundedDownSoThatOnlyAllIsAHundred() {
        assertEquals(99.97, ClusterApi.percent(4095, 4096));
        assertEquals(100.0, ClusterApi.percent(4096, 4096));
        assertEquals(33.33, ClusterApi.percent(1, 3));
        assertEquals(0.0, ClusterApi.percent(0, 0));
    }

    @Test
    void bodiesUseTheApiFieldNames() {
        String json = Json.write(api.status());
        assertTrue(json.contains("\"isRunning\" : false"), json);
        assertTrue(json.contains("\"testedCombinations\" : 0"), json);
        assertTrue(json.contains("\"staleRunning\" : 0"), json);
        String control = Json.write(api.stop());
        assertTrue(control.contains("\"chunksReset\" : 0"), control);
        assertTrue(control.contains("\"totalPending\" : 4"), control);
        assertFalse(control.contains("\"running\""), control);
    }
}
