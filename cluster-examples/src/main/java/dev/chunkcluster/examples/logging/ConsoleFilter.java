package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the console concise: the examples' own messages from INFO, the library's and everything else's from WARN.
 * The log file beside the database gets everything regardless.
 */
public final class ConsoleFilter extends Filter<ILoggingEvent> {

    private static final String OWN_LOGGERS = "dev.chunkcluster.examples";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        Level threshold = event.getLoggerName().startsWith(OWN_LOGGERS) ? Level.INFO : Level.WARN;
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
