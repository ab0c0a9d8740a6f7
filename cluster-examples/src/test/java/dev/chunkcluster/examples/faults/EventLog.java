package dev.chunkcluster.examples.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The append-only log a fault-injection worker keeps of everything it asked the store and what the store answered:
 * one line per event, written with one {@code write} call, so a SIGKILL leaves every line before it intact. The test
 * reads these logs after a trial and holds them against the database.
 *
 * <p>Line format: {@code worker type chunk attempt outcome digest}, where outcome is {@code APPLIED}, {@code STALE},
 * {@code BEGIN}, {@code ERROR} or {@code -}, and digest is a short hash of the result (or {@code -}).
 */
final class EventLog implements AutoCloseable {

    static final String SUFFIX = ".events";
    static final String BEGIN = "BEGIN";

    /**
     * What a worker did; {@code ABANDON} is a chunk it gave up without a write, with the outcome {@code SELF_FENCED}
     * when its lease ran out by its own clock, else {@code -}.
     */
    enum Type { CLAIM, RENEW, COMPLETE, FAIL, RELEASE, POISON, ABANDON, EXIT }

    /** The calls logged before they are made ({@code BEGIN}) as well as after (the store's answer). */
    static final Set<Type> LOGGED_WITH_BEGIN = EnumSet.of(Type.RENEW, Type.COMPLETE);

    /** One parsed line. */
    record Event(String worker, Type type, long chunk, int attempt, String outcome, String digest, int line) {

        boolean applied() {
            return "APPLIED".equals(outcome);
        }

        boolean stale() {
            return "STALE".equals(outcome);
        }

        @Override
        public String toString() {
            return worker + " " + type + " chunk " + chunk + " attempt " + attempt + " " + outcome + " " + digest;
        }
    }

    /**
     * Where every worker's log ended at one moment. {@link #readAll} joins the logs file by file, not in time order, so
     * "the events after now" are the events past each worker's own end, never those past an index into the joined list
     * (a worker whose file sorts first would have its old lines counted as new when another worker writes).
     */
    record Mark(Map<String, Integer> ends) {

        static Mark of(List<Event> events) {
            Map<String, Integer> ends = new HashMap<>();
            events.forEach(e -> ends.merge(e.worker(), e.line() + 1, Math::max));
            return new Mark(Map.copyOf(ends));
        }

        /** The events of {@code events} written after this mark, each worker's in the order it wrote them. */
        List<Event> since(List<Event> events) {
            return events.stream().filter(e -> e.line() >= ends.getOrDefault(e.worker(), 0)).toList();
        }

        /**
         * The lines after this mark that tell what a worker did after it: an answer counts only if its call's
         * {@code BEGIN} is after the mark too (a worker stopped between a commit and its answer line writes that
         * answer later, about a call made before); {@code BEGIN} lines themselves are left out.
         */
        List<Event> callsSince(List<Event> events) {
            record Call(String worker, Type type, long chunk, int attempt) {
            }
            Set<Call> begun = new HashSet<>();
            List<Event> calls = new ArrayList<>();
            for (Event e : since(events)) {
                Call call = new Call(e.worker(), e.type(), e.chunk(), e.attempt());
                if (BEGIN.equals(e.outcome())) {
                    begun.add(call);
                } else if (!LOGGED_WITH_BEGIN.contains(e.type()) || begun.remove(call)) {
                    calls.add(e);
                }
            }
            return calls;
        }
    }

    private final String worker;
    private final FileChannel channel;

    EventLog(Path directory, String worker) {
        this.worker = worker;
        try {
            Files.createDirectories(directory);
            this.channel = FileChannel.open(directory.resolve(worker + SUFFIX), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event log in " + directory, e);
        }
    }

    synchronized void write(Type type, long chunk, int attempt, String outcome, String digest) {
        String line = worker + " " + type + " " + chunk + " " + attempt + " " + outcome + " "
                + (digest == null ? "-" : digest) + "\n";
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the event log of " + worker, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the log is append-only; a failed close loses nothing already written
        }
    }

    /** A short digest of a result, to match a log line with a row. */
    static String digest(String text) {
        if (text == null) {
            return "-";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Every complete line of every event log in {@code directory}; a torn last line (SIGKILL mid-write) is skipped. */
    static List<Event> readAll(Path directory) {
        List<Event> events = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return events;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                events.addAll(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the event logs in " + directory, e);
        }
        return events;
    }

    static List<Event> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Event> events = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return events;
        }
        int number = 0;
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split(" ");
            if (f.length != 6) {
                throw new IllegalStateException("malformed event line " + number + " in " + file + ": " + line);
            }
            events.add(new Event(f[0], Type.valueOf(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), f[4], f[5],
                    number++));
        }
        return events;
    }
}
