package dev.chunkcluster.examples.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 {@code PT10S};
 * {@link #format} writes them back the same way, for defaults and error messages.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SIMPLE.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration; write it like 500ms, 10s, 2m or 1h");
        }
    }

    /** {@code duration} in the largest of h, m, s, ms that writes it exactly: {@code 10s}, {@code 1500ms}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        long magnitude = Math.abs(millis);
        if (magnitude != 0 && magnitude % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (magnitude != 0 && magnitude % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (magnitude % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
