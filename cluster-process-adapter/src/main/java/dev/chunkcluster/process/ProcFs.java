package dev.chunkcluster.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * What Linux's {@code /proc} adds to {@link ProcessHandle}: the start time in clock ticks since boot (immune to
 * wall-clock steps, unlike the start instant) with the boot id it is relative to, whether it has exited
 * ({@link ProcessHandle#isAlive()} reports a zombie, and a process inside its exit path, as alive), a process's user
 * ids and the environment it was started with. Elsewhere every method answers "unknown".
 */
final class ProcFs {

    private static final Path PROC = Path.of("/proc");
    private static final Path BOOT_ID = PROC.resolve("sys/kernel/random/boot_id");
    /**
     * Fields 9 (flags), 20 (threads) and 22 (start time) of /proc/pid/stat, counted from field 3 (the first after the
     * name).
     */
    private static final int FLAGS_INDEX = 9 - 3;
    private static final int THREADS_INDEX = 20 - 3;
    private static final int START_TICKS_INDEX = 22 - 3;
    /** The kernel's flag of a task inside its exit path ({@code do_exit}): it runs no code of its own any more. */
    private static final long PF_EXITING = 0x4;

    /** A process environment larger than this is not one this library wrote; it is not read further. */
    private static final int MAX_ENVIRON_BYTES = 1 << 20;

    private static volatile Optional<String> bootId;

    private ProcFs() {
    }

    /**
     * What {@code /proc/pid/stat} says of a process's main thread (its first, whose id is the pid), or
     * {@code /proc/pid/task/tid/stat} of one of its threads.
     *
     * @param threads the process's threads not yet released by the kernel, the main thread included; {@link #stat}
     *                makes it 1 when the main thread is ending and every other thread is ending with it
     */
    record Stat(char state, long flags, long threads, long startTicks) {

        /**
         * This thread has exited but is not yet reaped ('Z'), is being torn down ('X'), or is inside its exit path:
         * a process that exits is "running" in its last milliseconds (longer on a busy machine) while the kernel
         * releases its memory and files, and its environment can no longer be read.
         */
        boolean ending() {
            return state == 'Z' || state == 'X' || (flags & PF_EXITING) != 0;
        }

        /**
         * The process has exited: its main thread is ending and no other thread runs. A main thread that ended by
         * itself ({@code pthread_exit}) is a zombie while the process's other threads run on.
         */
        boolean exited() {
            return ending() && threads <= 1;
        }
    }

    /**
     * The state, flags, threads and start ticks of {@code pid}'s main thread; empty if it does not exist or /proc is
     * unavailable. When the main thread is ending and each of the other threads is ending too or gone (a process
     * exiting as a whole), the threads are 1: it has exited.
     */
    static Optional<Stat> stat(long pid) {
        Path process = PROC.resolve(Long.toString(pid));
        Optional<Stat> main = readStat(process);
        if (main.isPresent() && main.get().ending() && main.get().threads() > 1 && !anotherThreadRuns(process, pid)) {
            Stat ending = main.get();
            return Optional.of(new Stat(ending.state(), ending.flags(), 1, ending.startTicks()));
        }
        return main;
    }

    private static Optional<Stat> readStat(Path processOrThread) {
        try {
            return parseStat(Files.readString(processOrThread.resolve("stat"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a thread of {@code process} other than its main thread runs and is not ending. */
    private static boolean anotherThreadRuns(Path process, long pid) {
        return firstOtherThread(process, pid, thread -> readStat(thread).filter(stat -> !stat.ending())).isPresent();
    }

    /** What {@code read} gives for the first thread of {@code process}, its main thread left out, that gives one. */
    private static <T> Optional<T> firstOtherThread(Path process, long pid, Function<Path, Optional<T>> read) {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path thread : threads) {
                if (!thread.getFileName().toString().equals(Long.toString(pid))) {
                    Optional<T> value = read.apply(thread);
                    if (value.isPresent()) {
                        return value;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or /proc unavailable
        }
        return Optional.empty();
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
            return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[FLAGS_INDEX]),
                    Long.parseLong(fields[THREADS_INDEX]), Long.parseLong(fields[START_TICKS_INDEX])));
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

    /**
     * The real and effective user ids of {@code pid}, from the {@code Uid:} line of {@code /proc/pid/status}.
     *
     * @param real      who started it
     * @param effective whose rights it has now (differs for a set-user-id program)
     */
    record Uids(long real, long effective) {

        boolean both(long uid) {
            return real == uid && effective == uid;
        }

        @Override
        public String toString() {
            return real == effective ? "uid " + real : "uid " + real + " (effective " + effective + ")";
        }
    }

    /** The user ids of {@code pid}; empty if it does not exist or /proc is unavailable. */
    static Optional<Uids> uids(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return Optional.of(new Uids(Long.parseLong(ids[0]), Long.parseLong(ids[1])));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return Optional.empty();
    }

    /**
     * The environment {@code pid} was started with, as {@code /proc/pid/environ} shows it: NUL-separated
     * {@code NAME=value} pairs. Only the process's own user and root may read it. Empty if it cannot be read.
     */
    static Optional<byte[]> environ(long pid) {
        Path process = PROC.resolve(Long.toString(pid));
        // A main thread that ended by itself has no memory left to read; the process's other threads share theirs.
        return readEnviron(process).or(() -> firstOtherThread(process, pid, ProcFs::readEnviron));
    }

    private static Optional<byte[]> readEnviron(Path processOrThread) {
        try (InputStream in = Files.newInputStream(processOrThread.resolve("environ"))) {
            return Optional.of(in.readNBytes(MAX_ENVIRON_BYTES));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The value of {@code name} in an {@link #environ(long)} block; null when it is not there. */
    static String variable(byte[] environ, String name) {
        byte[] prefix = (name + "=").getBytes(StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < environ.length) {
            int end = start;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            if (end - start >= prefix.length
                    && Arrays.equals(environ, start, start + prefix.length, prefix, 0, prefix.length)) {
                return new String(environ, start + prefix.length, end - start - prefix.length,
                        StandardCharsets.ISO_8859_1);
            }
            start = end + 1;
        }
        return null;
    }
}
