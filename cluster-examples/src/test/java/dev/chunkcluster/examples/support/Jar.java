package dev.chunkcluster.examples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The runnable jar as a child process, the way a user runs it: {@code java -jar cluster-examples.jar ...}. Output goes
 * to files, so a chatty child never blocks on a full pipe. Only the processes started here are ever stopped, by
 * their own handle.
 */
public final class Jar {

    private Jar() {
    }

    /** The jar under test: set by the build, or the module's target directory when run from an IDE. */
    public static Path path() {
        Path jar = Path.of(System.getProperty("chunkcluster.examples.jar", "target/cluster-examples.jar"))
                .toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the runnable jar " + jar + " must exist: run `mvn package` first");
        return jar;
    }

    /** Runs the jar to its end. */
    public static Result run(Path workDir, Duration timeout, String... args) {
        try (Child child = start(workDir, args)) {
            return child.await(timeout);
        }
    }

    /** Runs the jar to its end with {@code environment} added to this JVM's. */
    public static Result run(Path workDir, Duration timeout, Map<String, String> environment, String... args) {
        try (Child child = start(workDir, environment, args)) {
            return child.await(timeout);
        }
    }

    /** Runs the jar to its end in a JVM given {@code jvmOptions} (a heap limit, say). */
    public static Result run(Path workDir, Duration timeout, List<String> jvmOptions, String... args) {
        try (Child child = start(workDir, Map.of(), jvmOptions, args)) {
            return child.await(timeout);
        }
    }

    public static Child start(Path workDir, String... args) {
        return start(workDir, Map.of(), args);
    }

    public static Child start(Path workDir, Map<String, String> environment, String... args) {
        return start(workDir, environment, List.of(), args);
    }

    private static Child start(Path workDir, Map<String, String> environment, List<String> jvmOptions,
                               String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(path().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "child-", ".out");
            Path err = Files.createTempFile(workDir, "child-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Child(process, out, err, String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** How a run ended. */
    public record Result(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    /** A running child. Closing it ends it (SIGTERM, then SIGKILL) if it still runs. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;
        private final String description;

        /** A child started elsewhere (inside a test host, say) whose output goes to {@code out} and {@code err}. */
        public Child(Process process, Path out, Path err, String description) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.description = description;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public String out() {
            return read(out);
        }

        public String err() {
            return read(err);
        }

        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail("`" + description + "` did not end within " + timeout.toSeconds() + " s\n--- out ---\n"
                            + out() + "--- err ---\n" + err());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for `" + description + "`");
            }
            return new Result(process.exitValue(), out(), err());
        }

        /** SIGTERM, as Ctrl-C would, and waits for the end. */
        public Result terminate(Duration timeout) {
            process.destroy();
            return await(timeout);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + file + ": " + e.getMessage() + ")";
            }
        }
    }
}
