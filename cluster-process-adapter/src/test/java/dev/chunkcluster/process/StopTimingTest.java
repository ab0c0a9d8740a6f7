package dev.chunkcluster.process;

import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.process.testapps.Sleeper;
import dev.chunkcluster.process.testapps.TermIgnorer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures the time from stopAll to every process gone for 8 JVM workers, and logs it. Asserts the outcomes, never
 * the timing. Run alone with {@code mvn -o -pl cluster-process-adapter verify -Dtest=StopTimingTest}.
 */
@Tag("slow")
class StopTimingTest {

    private static final Logger log = LoggerFactory.getLogger(StopTimingTest.class);
    private static final int CHILDREN = 8;
    private static final Duration GRACE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final TestProcesses processes = new TestProcesses();

    @AfterEach
    void endStartedProcesses() {
        processes.endAll();
    }

    @Test
    void eightChildrenThatExitOnTerm() {
        measure(Sleeper.class, Kind.STOPPED, Duration.ofSeconds(30));
    }

    @Test
    void eightChildrenThatIgnoreTerm() {
        measure(TermIgnorer.class, Kind.FORCED, GRACE);
    }

    private void measure(Class<?> main, Kind expected, Duration grace) {
        LocalProcessController controller = LocalProcessController.create(ProcessOptions.builder(dir.resolve("state"))
                .build());
        List<TrackedProcess> launched = new ArrayList<>();
        List<Path> ready = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            Path file = dir.resolve("ready-" + i);
            ready.add(file);
            TrackedProcess child = controller.launch(LaunchSpec.of(ProcessRole.WORKER, "timing",
                    TestProcesses.java(main, "--ready", file.toString())));
            processes.track(child.pid());
            launched.add(child);
        }
        ready.forEach(TestProcesses::awaitPid);

        long start = System.nanoTime();
        List<ProcessStopOutcome> outcomes = controller.stopAll("timing", grace);
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(CHILDREN, outcomes.size());
        outcomes.forEach(o -> assertEquals(expected, o.kind(), o::toString));
        launched.forEach(p -> assertTrue(TestProcesses.isGone(p.pid()), p::toString));
        log.info("stop timing: {} JVM children with {} ({}): all gone {} ms after stopAll was called, grace {}, poll"
                        + " interval {}", CHILDREN, main.getSimpleName(), expected.name().toLowerCase(), stopMillis,
                grace, ProcessOptions.DEFAULT_POLL_INTERVAL);
    }
}
