package dev.chunkcluster.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux's {@code /proc} adds to {@link ProcessHandle}: the start time in clock ticks since boot (immune to
 * wall-clock steps, unlike the start instant) with the boot id it is relative to, and the zombie state
 * ({@link ProcessHandle#isAlive()} reports a zombie as alive). Elsewhere every method answers "unknown".
 */
final class ProcFs {

    private static final Path PROC = Path.of("/proc");
    private static final Path BOOT_ID = PROC.resolve("sys/kernel/random/boot_id");
    /** Field 22 of /proc/pid/stat, counted from field 3 (the first after the command name). */
    private static final int START_TICKS_INDEX = 22 - 3;

    private static volatile Optional<String> bootId;

    private ProcFs() {
    }

    record Stat(char state, long startTicks) {

        /** Exited but not yet reaped by its parent ('Z'), or being torn down ('X'). */
        boolean exited() {
            return state == 'Z' || state == 'X';
        }
    }

    /** The state and start ticks of {@code pid}; empty if it does not exist or /proc is unavailable. */
    static Optional<Stat> stat(long pid) {
        String text;
        try {
            text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return parseStat(text);
    }

    static Optional<Stat> parseStat(String text) {
        // The command name is in parentheses and may itself contain spaces and parentheses.
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 > text.length()) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 2).trim().split(" ");
        if (fields.length <= START_TICKS_INDEX || fields[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[START_TICKS_INDEX])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** This boot's id, or null where unknown. */
    static String bootId() {
        Optional<String> id = bootId;
        if (id == null) {
            try {
                String text = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
                id = text.isEmpty() ? Optional.empty() : Optional.of(text);
            } catch (IOException | RuntimeException e) {
                id = Optional.empty();
            }
            bootId = id;
        }
        return id.orElse(null);
    }
}
