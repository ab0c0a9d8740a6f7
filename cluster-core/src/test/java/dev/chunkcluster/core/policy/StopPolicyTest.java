package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import dev.chunkcluster.core.port.ResetResult;
import dev.chunkcluster.core.port.TrackedProcess;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class StopPolicyTest {

    private static final String NAME = "sweep";
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final ChunkStore store = mock(ChunkStore.class);
    private final ProcessController processes = mock(ProcessController.class);
    private final StopPolicy stop = new StopPolicy(store, processes, GRACE);

    private static ProcessStopOutcome outcome(ProcessRole role, long pid, Kind kind, String detail) {
        TrackedProcess process = new TrackedProcess(role, NAME, pid, Instant.EPOCH, List.of("java"), Path.of("x.log"),
                Instant.EPOCH);
        return new ProcessStopOutcome(process, kind, detail);
    }

    @Test
    void resetsTheDatabaseStrictlyBeforeStoppingAnyProcess() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(3, 3));
        when(processes.stopAll(NAME, GRACE)).thenReturn(List.of(
                outcome(ProcessRole.COORDINATOR, 10, Kind.STOPPED, ""),
                outcome(ProcessRole.WORKER, 11, Kind.FORCED, "ignored SIGTERM")), List.of());

        StopReport report = stop.stop(NAME);

        InOrder order = inOrder(store, processes);
        order.verify(store).resetRunning(NAME, DesiredState.STOPPED);
        order.verify(processes, times(2)).stopAll(NAME, GRACE);
        order.verifyNoMoreInteractions();
        assertTrue(report.success());
        assertEquals(3, report.chunksReset());
        assertEquals(3, report.totalPending());
        assertEquals(1, report.count(Kind.STOPPED));
        assertEquals(1, report.count(Kind.FORCED));
        assertEquals("Stopped: reset 3 running chunks to pending (3 pending); processes: 1 stopped, 1 forced,"
                + " 0 already gone, 0 failed", report.message());
    }

    @Test
    void nothingToStopIsSuccess() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(0, 5));
        when(processes.stopAll(NAME, GRACE)).thenReturn(List.of());

        StopReport report = stop.stop(NAME);

        assertTrue(report.success());
        assertEquals(0, report.chunksReset());
        assertEquals(5, report.totalPending());
        assertEquals("Stopped: reset 0 running chunks to pending (5 pending); no process to stop", report.message());
    }

    @Test
    void aFailingProcessStepLeavesTheResetInPlace() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(2, 4));
        when(processes.stopAll(NAME, GRACE)).thenThrow(new ProcessControlException("registry unreadable"));

        StopReport report = stop.stop(NAME);

        verify(store).resetRunning(NAME, DesiredState.STOPPED);
        verifyNoMoreInteractions(store);
        assertFalse(report.success());
        assertEquals(2, report.chunksReset());
        assertEquals("Stopped: reset 2 running chunks to pending (4 pending); the process step failed: registry"
                + " unreadable", report.message());
    }

    @Test
    void aProcessThatCannotBeStoppedIsNamedWithItsPid() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(1, 1));
        when(processes.stopAll(NAME, GRACE)).thenReturn(List.of(
                outcome(ProcessRole.WORKER, 77, Kind.FAILED, "operation not permitted")));

        StopReport report = stop.stop(NAME);

        assertFalse(report.success());
        assertEquals(1, report.chunksReset());
        assertTrue(report.message().contains("pid 77 (operation not permitted)"), report.message());
        verify(store).resetRunning(NAME, DesiredState.STOPPED);
        verifyNoMoreInteractions(store);
    }

    @Test
    void aFailingDatabaseStepStillStopsTheProcessesAndSaysWhy() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenThrow(new StoreUnavailableException(
                "database exploration.db is read-only for uid 1000; fix: sudo chown 1000 exploration.db"));
        when(processes.stopAll(NAME, GRACE)).thenReturn(List.of(outcome(ProcessRole.WORKER, 12, Kind.STOPPED, "")));

        StopReport report = stop.stop(NAME);

        InOrder order = inOrder(store, processes);
        order.verify(store).resetRunning(NAME, DesiredState.STOPPED);
        order.verify(processes).stopAll(NAME, GRACE);
        assertFalse(report.success());
        assertEquals(0, report.chunksReset());
        assertEquals(1, report.count(Kind.STOPPED));
        assertTrue(report.message().contains("database step"), report.message());
        assertTrue(report.message().contains("fix: sudo chown 1000 exploration.db"), report.message());
        assertTrue(report.message().contains("1 stopped"), report.message());
    }

    @Test
    void aStoreThatCannotBeOpenedStillStopsTheProcessesAndSaysWhy() {
        when(processes.stopAll(NAME, GRACE)).thenReturn(List.of(outcome(ProcessRole.COORDINATOR, 10, Kind.FORCED, "")),
                List.of());
        StopPolicy opening = new StopPolicy(() -> {
            throw new StoreUnavailableException("exploration.db is not a SQLite database; point --db at the right file");
        }, processes, GRACE);

        StopReport report = opening.stop(NAME);

        verify(processes, times(2)).stopAll(NAME, GRACE);
        assertFalse(report.success());
        assertEquals(0, report.chunksReset());
        assertEquals(1, report.count(Kind.FORCED));
        assertEquals("Stop failed in the database step, so running chunks may still be marked running:"
                + " exploration.db is not a SQLite database; point --db at the right file. Fix that and run Stop"
                + " again; processes: 0 stopped, 1 forced, 0 already gone, 0 failed", report.message());
    }

    @Test
    void aWorkerThatAStoppedCoordinatorLaunchedAfterTheListingIsStoppedToo() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(2, 5));
        when(processes.stopAll(NAME, GRACE)).thenReturn(
                List.of(outcome(ProcessRole.COORDINATOR, 10, Kind.STOPPED, ""),
                        outcome(ProcessRole.WORKER, 11, Kind.STOPPED, "")),
                List.of(outcome(ProcessRole.WORKER, 12, Kind.STOPPED, "")));

        StopReport report = stop.stop(NAME);

        InOrder order = inOrder(store, processes);
        order.verify(store).resetRunning(NAME, DesiredState.STOPPED);
        order.verify(processes, times(2)).stopAll(NAME, GRACE);
        order.verifyNoMoreInteractions();
        assertTrue(report.success());
        assertEquals(List.of(10L, 11L, 12L), report.processes().stream().map(o -> o.process().pid()).toList());
        assertEquals("Stopped: reset 2 running chunks to pending (5 pending); processes: 3 stopped, 0 forced,"
                + " 0 already gone, 0 failed", report.message());
    }

    @Test
    void workersAloneAreStoppedInOneRound() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(1, 1));
        when(processes.stopAll(NAME, GRACE)).thenReturn(List.of(outcome(ProcessRole.WORKER, 11, Kind.STOPPED, "")));

        stop.stop(NAME);

        verify(processes, times(1)).stopAll(NAME, GRACE);
    }

    @Test
    void aSecondStopChangesNothingAndSucceeds() {
        when(store.resetRunning(NAME, DesiredState.STOPPED)).thenReturn(new ResetResult(3, 3), new ResetResult(0, 3));
        when(processes.stopAll(NAME, GRACE)).thenReturn(
                List.of(outcome(ProcessRole.COORDINATOR, 10, Kind.STOPPED, "")), List.of());

        StopReport first = stop.stop(NAME);
        StopReport second = stop.stop(NAME);

        assertTrue(first.success());
        assertTrue(second.success());
        assertEquals(0, second.chunksReset());
        assertEquals(3, second.totalPending());
        assertTrue(second.message().endsWith("no process to stop"), second.message());
    }

    @Test
    void aNegativeGraceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StopPolicy(store, processes, Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("grace"), e.getMessage());
    }
}
