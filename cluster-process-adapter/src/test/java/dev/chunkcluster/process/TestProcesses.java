package dev.chunkcluster.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The processes one test started, so its cleanup ends exactly those: each is held as a {@link ProcessHandle}, whose
 * destroy checks the start time, so a pid reused meanwhile is never hit.
 */
final class TestProcesses {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<ProcessHandle> started = new ArrayList<>();

    /** Starts a process directly (not through the controller), output to {@code log}. */
    Process startDirectly(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        started.add(process.toHandle());
        return process;
    }

    /** Remembers {@code pid} for cleanup; call while the process is certainly alive (e.g. right after it announced itself). */
    ProcessHandle track(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("pid " + pid + " is not running"));
        started.add(handle);
        return handle;
    }

    /** Remembers {@code handle} for cleanup. */
    void track(ProcessHandle handle) {
        started.add(handle);
    }

    /** Ends every tracked process still running, by its handle. */
    void endAll() {
        for (ProcessHandle handle : started) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : started) {
            await(Duration.ofSeconds(10), () -> isGone(handle), "pid " + handle.pid() + " to end in cleanup");
        }
        started.clear();
    }

    /** Gone: no such pid, another process holds it, or it has exited (orphans may not be reaped soon). */
    static boolean isGone(ProcessHandle handle) {
        return !handle.isAlive() || ProcFs.stat(handle.pid()).map(ProcFs.Stat::exited).orElse(true);
    }

    static boolean isGone(long pid) {
        return ProcessHandle.of(pid).map(TestProcesses::isGone).orElse(true);
    }

    /** A java command running {@code main} from the test class path, with small-footprint JVM flags. */
    static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code limit}. */
    static void await(Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + limit + " for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** Waits for {@code file} to hold a pid (written atomically by the child) and returns it. */
    static long awaitPid(Path file) {
        await(PATIENCE, () -> Files.exists(file), "the child to write " + file.getFileName());
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** Waits for {@code file} (moved into place whole by the child) and returns the pids in it, one a line. */
    static List<Long> awaitPids(Path file) {
        await(PATIENCE, () -> Files.exists(file), "the child to write " + file.getFileName());
        return readLines(file).stream().map(Long::parseLong).toList();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file)
                    ? Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList()
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
