package dev.chunkcluster.jdbc;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampsTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void formatsFixedWidthUtcWithMillisecondsLikeTheReferenceFormatter() {
        assertEquals("2026-11-29T09:40:00.000Z", Timestamps.format(Instant.parse("2026-11-29T09:40:00Z")));
        assertEquals("1970-01-01T00:00:00.000Z", Timestamps.format(Instant.EPOCH));
        assertEquals("1969-12-31T23:59:59.999Z", Timestamps.format(Instant.parse("1969-12-31T23:59:59.999999Z")));
        assertEquals("2028-02-29T23:59:59.123Z", Timestamps.format(Instant.parse("2028-02-29T23:59:59.123456789Z")));
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(1_000_000_000));
            String text = Timestamps.format(instant);
            assertEquals(REFERENCE.format(instant), text, instant.toString());
            assertEquals(24, text.length(), text);
            assertEquals(Timestamps.truncate(instant), Timestamps.parse(text));
        }
    }

    @Test
    void textOrderIsTimeOrder() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            Instant a = Instant.ofEpochMilli(random.nextLong(0, 9_000_000_000_000L));
            Instant b = Instant.ofEpochMilli(random.nextLong(0, 9_000_000_000_000L));
            assertEquals(Integer.signum(a.compareTo(b)),
                    Integer.signum(Timestamps.format(a).compareTo(Timestamps.format(b))), a + " vs " + b);
        }
        assertTrue(Timestamps.format(Instant.parse("2026-01-01T00:00:09.999Z"))
                .compareTo(Timestamps.format(Instant.parse("2026-01-01T00:00:10Z"))) < 0);
    }
}
