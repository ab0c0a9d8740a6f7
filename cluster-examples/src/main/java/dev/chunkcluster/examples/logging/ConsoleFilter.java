package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the console concise: the examples' own messages from INFO, the library's and everything else's from WARN,
 * and nothing at all while {@value #QUIET_PROPERTY} is {@code true} (one-shot commands, whose output is their answer).
 * The log file gets everything regardless.
 */
public final class ConsoleFilter extends Filter<ILoggingEvent> {

    /** System property that silences the console. */
    public static final String QUIET_PROPERTY = "chunkcluster.console.quiet";

    private static final String OWN_LOGGERS = "dev.chunkcluster.examples";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (Boolean.getBoolean(QUIET_PROPERTY)) {
            return FilterReply.DENY;
        }
        Level threshold = event.getLoggerName().startsWith(OWN_LOGGERS) ? Level.INFO : Level.WARN;
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
