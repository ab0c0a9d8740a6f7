package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A line on the command line's console, written by hand: what the pattern {@code %d{HH:mm:ss} %msg%n%nopex} gives
 * (the time and the message, never a stack trace), without logback's pattern parser.
 */
final class ConsoleLineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(96);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        return line.append(' ').append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR).toString();
    }
}
