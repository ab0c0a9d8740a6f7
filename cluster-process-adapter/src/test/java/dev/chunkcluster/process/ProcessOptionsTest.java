package dev.chunkcluster.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessOptionsTest {

    private static final Path STATE = Path.of("/srv/explorations/alpha.db.processes");

    @Test
    void defaultsAreTheNamedConstants() {
        ProcessOptions options = ProcessOptions.builder(STATE).build();

        assertEquals(STATE, options.stateDirectory());
        assertEquals(STATE.resolve("logs"), options.logDirectory());
        assertEquals(ProcessOptions.DEFAULT_POLL_INTERVAL, options.pollInterval());
        assertEquals(ProcessOptions.DEFAULT_KILL_WAIT, options.killWait());
        assertEquals(Clock.systemUTC(), options.clock());
    }

    @Test
    void everyOptionCanBeSet() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T02:00:00Z"), ZoneOffset.UTC);
        ProcessOptions options = ProcessOptions.builder(STATE)
                .logDirectory(Path.of("/var/log/alpha"))
                .pollInterval(Duration.ofMillis(5))
                .killWait(Duration.ofSeconds(1))
                .clock(clock)
                .build();

        assertEquals(Path.of("/var/log/alpha"), options.logDirectory());
        assertEquals(Duration.ofMillis(5), options.pollInterval());
        assertEquals(Duration.ofSeconds(1), options.killWait());
        assertEquals(clock, options.clock());
    }

    @Test
    void relativeDirectoriesAreMadeAbsoluteBecauseOtherProcessesReadThem() {
        ProcessOptions options = ProcessOptions.builder(Path.of("run/state")).logDirectory(Path.of("run/../logs")).build();

        assertTrue(options.stateDirectory().isAbsolute());
        assertEquals(Path.of("run/state").toAbsolutePath().normalize(), options.stateDirectory());
        assertEquals(Path.of("logs").toAbsolutePath().normalize(), options.logDirectory());
    }

    @Test
    void stateDirectoryForADatabaseIsItsSibling() {
        assertEquals(Path.of("/data/exploration.db.processes"),
                ProcessOptions.stateDirectoryFor(Path.of("/data/exploration.db")));
        assertEquals(Path.of("exploration.db.processes").toAbsolutePath(),
                ProcessOptions.stateDirectoryFor(Path.of("exploration.db")));
        assertMessage("database must name a file, not a root directory; got '/'",
                () -> ProcessOptions.stateDirectoryFor(Path.of("/")));
    }

    @Test
    void badValuesAreRejectedWithTheirNameAndValue() {
        ProcessOptions.Builder builder = ProcessOptions.builder(STATE);

        assertMessage("stateDirectory must be a directory path; got null", () -> ProcessOptions.builder(null));
        assertMessage("logDirectory must be a directory path; got null", () -> builder.logDirectory(null));
        assertMessage("pollInterval must be above 0 and at most PT10S; got PT0S", () -> builder.pollInterval(Duration.ZERO));
        assertMessage("pollInterval must be above 0 and at most PT10S; got PT1M",
                () -> builder.pollInterval(Duration.ofMinutes(1)));
        assertMessage("killWait must be above 0 and at most PT10M; got PT-0.001S",
                () -> builder.killWait(Duration.ofMillis(-1)));
        assertMessage("clock must not be null", () -> builder.clock(null));
        assertMessage("grace must be between 0 and PT1H; got PT-1S",
                () -> ProcessOptions.checkGrace("grace", Duration.ofSeconds(-1)));
        assertMessage("grace must be between 0 and PT1H; got PT2H",
                () -> ProcessOptions.checkGrace("grace", Duration.ofHours(2)));
        assertMessage("logDirectory must differ from stateDirectory (the registry); got '" + STATE + "' for both",
                () -> ProcessOptions.builder(STATE).logDirectory(STATE).build());
    }

    @Test
    void stopRejectsABadGraceWithItsValue(@org.junit.jupiter.api.io.TempDir Path dir) {
        LocalProcessController controller = LocalProcessController.create(ProcessOptions.builder(dir).build());

        assertMessage("grace must be between 0 and PT1H; got PT-1S",
                () -> controller.stopAll("alpha", Duration.ofSeconds(-1)));
        assertMessage("group (the exploration name) must not be blank; got ' '", () -> controller.listLive(" "));
    }

    private static void assertMessage(String expected, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(expected, e.getMessage());
    }
}
