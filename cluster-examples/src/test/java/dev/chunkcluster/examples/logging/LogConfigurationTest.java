package dev.chunkcluster.examples.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What each role's logging writes, in JVMs of their own that start logback as the examples' processes do: a library
 * line at INFO and at WARN, and a line of the examples' own with control characters in it.
 */
class LogConfigurationTest {

    private static final String FORGED = "name\n2026-01-01T00:00:00.000Z ERROR forged";
    private static final String ESCAPED = "name\\n2026-01-01T00:00:00.000Z ERROR forged";

    @TempDir
    Path dir;

    /** Logs the probe's lines; with a path argument, first switches to the command line's log file there. */
    public static void main(String[] args) {
        if (args.length == 1) {
            LogConfiguration.useForCommand(false, Path.of(args[0]));
        }
        Logger library = LoggerFactory.getLogger("dev.chunkcluster.core.Probe");
        library.debug("library debug");
        library.info("library info");
        library.warn("library warn");
        LoggerFactory.getLogger("dev.chunkcluster.examples.Probe").info("own info {}", FORGED);
    }

    private record Output(String out, String err) {
    }

    private Output probe(String... options) throws IOException, InterruptedException {
        return probe(List.of(options), List.of());
    }

    /** Runs {@link #main} in a JVM of its own with {@code options} and {@code arguments}. */
    private Output probe(List<String> options, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LogConfigurationTest.class.getName()));
        command.addAll(arguments);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the probe JVM did not end within 60 s");
        }
        assertEquals(0, process.exitValue(), Files.readString(err));
        return new Output(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theConsoleByDefaultShowsTheExamplesFromInfoAndEverythingElseFromWarnOnStandardError() throws Exception {
        Output output = probe();

        assertEquals("", output.out());
        List<String> lines = output.err().lines().toList();
        assertEquals(2, lines.size(), output.err());
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d library warn"), lines.get(0));
        assertEquals(lines.get(1).substring(0, 9) + "own info " + ESCAPED, lines.get(1));
    }

    @Test
    void aNodeLogsEverythingFromInfoOnStandardOutputWithLevelAndLogger() throws Exception {
        Output output = probe(LogConfiguration.NODE_OPTION);

        assertEquals("", output.err());
        List<String> lines = output.out().lines().toList();
        assertEquals(3, lines.size(), output.out());
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";
        assertTrue(lines.get(0).matches(stamp + "INFO  dev\\.chunkcluster\\.core\\.Probe - library info"),
                lines.get(0));
        assertTrue(lines.get(1).matches(stamp + "WARN  dev\\.chunkcluster\\.core\\.Probe - library warn"),
                lines.get(1));
        assertTrue(lines.get(2).endsWith(" - own info " + ESCAPED), lines.get(2));
    }

    @Test
    void theCommandLinesLogFileHasTheLibrarysDebugLinesTaggedWithThePid() throws Exception {
        Path log = dir.resolve("exploration.db.log");

        Output output = probe(List.of(), List.of(log.toString()));

        assertEquals("", output.out() + output.err(), "with only the file, nothing on the console");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\d{4}-.* DEBUG \\[pid \\d+] dev\\.chunkcluster\\.core\\.Probe - library debug"),
                lines.get(0));
        assertTrue(lines.get(3).endsWith("own info " + ESCAPED), lines.get(3));
    }

    @Test
    void aConfigurationFileOfYourOwnReplacesAllOfIt() throws Exception {
        Path own = dir.resolve("own.xml");
        Files.writeString(own, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>OWN %level %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);

        Output output = probe("-Dlogback.configurationFile=" + own, LogConfiguration.NODE_OPTION);

        assertEquals("OWN WARN library warn\n", output.out());
        assertFalse(output.err().contains("library"), output.err());
    }
}
