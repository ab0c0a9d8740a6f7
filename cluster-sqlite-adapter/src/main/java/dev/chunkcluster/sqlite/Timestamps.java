package dev.chunkcluster.sqlite;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the store writes them: ISO-8601 UTC text with exactly three fraction digits, such as
 * {@code 2026-11-29T09:40:00.000Z}. The fixed width makes text order equal time order, so SQL compares them as text.
 */
final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The instant as the store keeps it: whole milliseconds. */
    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The instant stored as {@code text}, or null for SQL NULL. */
    static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
