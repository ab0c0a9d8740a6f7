package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's logging as the XML configuration had it: a filtered console, a detailed file. */
class CliLogConfiguratorTest {

    private static final List<String> PROPERTIES = List.of(CliLogConfigurator.MODE_PROPERTY,
            CliLogConfigurator.FILE_PROPERTY, CliLogConfigurator.PID_PROPERTY);

    @TempDir
    Path directory;

    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void giveTheContextItsMdc() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
        context.stop();
    }

    @Test
    void withoutTheModeItLeavesTheConfigurationToTheNext() {
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new CliLogConfigurator().configure(context));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }

    @Test
    void theFileGetsEverythingOfChunkClusterTaggedWithThePid() throws Exception {
        Path file = directory.resolve("exploration.db.log");
        System.setProperty(CliLogConfigurator.MODE_PROPERTY, CliLogConfigurator.FILE);
        System.setProperty(CliLogConfigurator.FILE_PROPERTY, file.toString());
        System.setProperty(CliLogConfigurator.PID_PROPERTY, "4242");

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new CliLogConfigurator().configure(context));
        context.getLogger("dev.chunkcluster.sqlite.JooqSqliteChunkStore").debug("claimed {}", "chunk 1");
        context.getLogger("org.other").debug("not this");
        context.getLogger("org.other").info("but this");
        context.stop();

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" DEBUG [pid 4242] d.c.sqlite.JooqSqliteChunkStore - claimed chunk 1"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(" INFO  [pid 4242] org.other - but this"), lines.get(1));
    }

    @Test
    void theConsoleAloneGoesToStandardErrorThroughTheFilter() {
        System.setProperty(CliLogConfigurator.MODE_PROPERTY, CliLogConfigurator.CONSOLE);

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new CliLogConfigurator().configure(context));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("CONSOLE");
        assertEquals("System.err", console.getTarget());
        assertTrue(console.getCopyOfAttachedFiltersList().get(0) instanceof ConsoleFilter);
        assertEquals(null, root.getAppender("FILE"));
    }
}
