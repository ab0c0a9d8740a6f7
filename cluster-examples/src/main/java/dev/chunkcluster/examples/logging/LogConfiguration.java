package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.chunkcluster.core.error.ChunkClusterException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The logging of each role, one {@code logback*.xml} per role:
 * <ul>
 *   <li>{@code logback.xml}: the console on standard error, concise ({@link ConsoleFilter}); what logback picks by
 *       itself, so tests and embedded uses get it;</li>
 *   <li>{@value #NODE}: coordinators and workers, chosen by the {@code logback.configurationFile} property on their
 *       command line; everything at INFO on standard output, which the process adapter writes to the node's log;</li>
 *   <li>{@value #FILE}: the command line's log beside the database ({@code <db>.log}), added by
 *       {@link #useForCommand} once picocli has parsed the arguments.</li>
 * </ul>
 * Every configuration escapes control characters in messages ({@link EscapedMessage}).
 */
public final class LogConfiguration {

    /** The configuration of coordinators and workers. */
    public static final String NODE = "logback-node.xml";
    /** The console configuration, logback's default. */
    static final String CONSOLE = "logback.xml";
    /** The file beside the database. */
    static final String FILE = "logback-file.xml";

    private LogConfiguration() {
    }

    /**
     * Replaces this process's logging: the console when {@code console}, and the log file {@code file} when not
     * null (after {@link #checkLogFile}). With neither, nothing is logged.
     */
    public static void useForCommand(boolean console, Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        if (console) {
            configure(context, CONSOLE);
        }
        if (file != null) {
            checkLogFile(file);
            context.putProperty("LOG_FILE", file.toString());
            context.putProperty("PID", Long.toString(ProcessHandle.current().pid()));
            configure(context, FILE);
        }
    }

    /**
     * Ends this process's logging and removes {@code file}, a log this process created itself (it did not exist when
     * the command started), so that a command that failed leaves nothing behind. Anything else at that path is left
     * alone.
     */
    public static void removeNewLog(Path file) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // the command's own error is what matters; the log stays
        }
    }

    /**
     * Refuses a log path that is a symbolic link, not a regular file, or a file with other hard links: appending
     * there would change a file that is not ours. Leaves such a file's bytes alone.
     */
    static void checkLogFile(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String problem;
        if (Files.isSymbolicLink(file)) {
            problem = "it is a symbolic link";
        } else if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            problem = "it is not a regular file";
        } else if (hardLinks(file) > 1) {
            problem = "it has other hard links";
        } else {
            return;
        }
        throw new ChunkClusterException("refusing to write the log " + file + ": " + problem + ", so appending"
                + " could change a file that is not this program's; remove it (the file it points to is left alone)"
                + " or point --db at a database in a directory only you can write");
    }

    private static int hardLinks(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    private static void configure(LoggerContext context, String resource) {
        URL url = LogConfiguration.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("the logging configuration " + resource + " is missing from the jar");
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot read the logging configuration " + resource + ": "
                    + e.getMessage(), e);
        }
    }
}
