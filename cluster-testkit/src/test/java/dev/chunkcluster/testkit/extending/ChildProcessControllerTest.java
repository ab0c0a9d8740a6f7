package dev.chunkcluster.testkit.extending;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.testkit.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChildProcessController} on real child processes. */
class ChildProcessControllerTest {

    private static final Duration GRACE = Duration.ofSeconds(10);

    @TempDir
    Path logs;

    private ChildProcessController processes;

    @BeforeEach
    void createController() {
        processes = new ChildProcessController(logs, new SettableClock());
    }

    @AfterEach
    void stopWhatIsLeft() {
        processes.stopAll("sweep", Duration.ZERO);
        processes.stopAll("other", Duration.ZERO);
    }

    @Test
    void stopsItsOwnChildOnSigterm() {
        TrackedProcess worker = processes.launch(LaunchSpec.of(ProcessRole.WORKER, "sweep", List.of("sleep", "60")));
        assertEquals(List.of(worker), processes.listLive("sweep"));

        List<ProcessStopOutcome> outcomes = processes.stopAll("sweep", GRACE);

        assertEquals(List.of(ProcessStopOutcome.Kind.STOPPED),
                outcomes.stream().map(ProcessStopOutcome::kind).toList());
        assertEquals(worker.pid(), outcomes.get(0).pid());
        assertTrue(processes.listLive("sweep").isEmpty());
    }

    @Test
    void killsAChildThatIgnoresSigtermAfterTheGracePeriod() {
        processes.launch(LaunchSpec.of(ProcessRole.WORKER, "sweep",
                List.of("sh", "-c", "trap '' TERM; exec sleep 60")));

        List<ProcessStopOutcome> outcomes = processes.stopAll("sweep", Duration.ofMillis(200));

        assertEquals(ProcessStopOutcome.Kind.FORCED, outcomes.get(0).kind());
        assertTrue(processes.listLive("sweep").isEmpty());
    }

    @Test
    void leavesOtherGroupsAloneAndFindsNothingToStopTheSecondTime() {
        TrackedProcess other = processes.launch(LaunchSpec.of(ProcessRole.WORKER, "other", List.of("sleep", "60")));
        processes.launch(LaunchSpec.of(ProcessRole.COORDINATOR, "sweep", List.of("sleep", "60")));

        assertEquals(1, processes.stopAll("sweep", GRACE).size());

        assertEquals(List.of(), processes.stopAll("sweep", GRACE));
        assertEquals(List.of(other), processes.listLive("other"));
    }

    @Test
    void aProgramThatCannotBeLaunchedIsNamedInTheError() {
        ProcessControlException e = assertThrows(ProcessControlException.class, () -> processes.launch(
                LaunchSpec.of(ProcessRole.WORKER, "sweep", List.of("/nonexistent/worker-program"))));

        assertTrue(e.getMessage().contains("'/nonexistent/worker-program'"), e.getMessage());
        assertTrue(e.getMessage().contains("exists and is executable"), e.getMessage());
    }
}
