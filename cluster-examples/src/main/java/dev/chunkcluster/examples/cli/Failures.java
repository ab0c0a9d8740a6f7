package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.error.ChunkClusterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;

/**
 * Turns every failure into one line on standard error and an exit code; the stack trace goes to the log file only.
 */
public final class Failures {

    /** The command ran and failed: a store, process, I/O or validation error. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** Stopped by Ctrl-C (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    public static int handleExecutionException(Exception e, CommandLine commandLine,
                                               CommandLine.ParseResult parseResult) {
        log.debug("{} failed", commandLine.getCommandName(), e);
        commandLine.getErr().println("error: " + describe(e));
        commandLine.getErr().flush();
        return FAILED;
    }

    public static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        String help = commandLine.getCommandSpec().qualifiedName() + " --help";
        commandLine.getErr().println("error: " + oneLine(e.getMessage()) + " (see `" + help + "`)");
        commandLine.getErr().flush();
        return USAGE;
    }

    /** Whether {@link #describe} says all there is to say about {@code e}: no stack trace is needed to act on it. */
    static boolean explains(Throwable e) {
        return e instanceof ChunkClusterException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof InvalidPathException;
    }

    /** One line saying what went wrong, for a person. */
    static String describe(Throwable e) {
        if (e instanceof ChunkClusterException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof InvalidPathException invalid) {
            return "not a valid path: " + oneLine(invalid.getMessage());
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            return "I/O error: " + oneLine(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        return "unexpected " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()))
                + " (the log file beside the database has the details)";
    }

    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
