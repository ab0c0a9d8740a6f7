package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written layouts write the lines logback's patterns wrote. */
class LogLayoutsTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void theNodeLogLineIsThePatternsLine() {
        assertSameLines("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{36} - %msg%n", new LogLineLayout(""),
                true);
    }

    @Test
    void theCommandLinesFileLineCarriesThePid() {
        assertSameLines("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [pid 4242] %logger{36} - %msg%n",
                new LogLineLayout("[pid 4242] "), true);
    }

    @Test
    void theConsoleLineIsTimeAndMessageWithoutStackTrace() {
        assertSameLines("%d{HH:mm:ss} %msg%n%nopex", new ConsoleLineLayout(), false);
    }

    private void assertSameLines(String patternText, LayoutBase<ILoggingEvent> layout, boolean withStackTraces) {
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern(patternText);
        pattern.start();
        layout.setContext(context);
        layout.start();

        Logger logger = context.getLogger("dev.chunkcluster.sqlite.JooqSqliteChunkStore");
        List<LoggingEvent> events = List.of(
                event(logger, Level.INFO, "exploration '{}': worker {} started", null, "sweep", "worker-1"),
                event(logger, Level.WARN, "a warning", null),
                event(context.getLogger("Main"), Level.ERROR, "failed: {}",
                        new IllegalStateException("boom"), "details"));
        for (LoggingEvent event : events) {
            String expected = pattern.doLayout(event);
            String line = layout.doLayout(event);
            if (event.getThrowableProxy() == null || !withStackTraces) {
                assertEquals(expected, line);
            } else {
                assertTrue(line.startsWith(expected), line);
                assertTrue(line.contains("java.lang.IllegalStateException: boom"), line);
            }
        }
    }

    private static LoggingEvent event(Logger logger, Level level, String message, Throwable thrown,
                                      Object... arguments) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, arguments);
        event.setTimeStamp(1_764_409_200_123L);
        return event;
    }
}
