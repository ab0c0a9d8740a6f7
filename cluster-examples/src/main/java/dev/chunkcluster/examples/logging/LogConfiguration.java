package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.chunkcluster.core.error.ChunkClusterException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The logging of each role, set up in code ({@link LoggingConfigurator} when logback starts, {@link #useForCommand}
 * after the command line is parsed):
 * <ul>
 *   <li>the console on standard error, concise ({@link ConsoleFilter}): every JVM that runs this jar by default, so
 *       tests and embedded uses get it;</li>
 *   <li>nodes (coordinators and workers, {@link #NODE_OPTION} on their command line): everything at INFO on standard
 *       output, which the process adapter writes to the node's log;</li>
 *   <li>the command line's log beside the database ({@code <db>.log}): everything at INFO, ChunkCluster at DEBUG,
 *       stack traces, each line tagged with the process id; opened without following a symbolic link.</li>
 * </ul>
 * Every one escapes control characters in messages ({@link EscapedMessage}). In code rather than in logback XML files
 * because reading XML loads logback's configuration parser in every JVM: about 0.2 s of CPU at each node's start.
 * A {@code -Dlogback.configurationFile} of your own still replaces all of it.
 */
public final class LogConfiguration {

    /** The system property that selects a role's logging when logback starts. */
    static final String ROLE_PROPERTY = "chunkcluster.logging";
    /** The JVM option of coordinators and workers. */
    public static final String NODE_OPTION = "-D" + ROLE_PROPERTY + "=node";

    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss} %escapedMessage%n%nopex";
    private static final String NODE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{36} - %escapedMessage%n";

    private LogConfiguration() {
    }

    /** What logback starts with in this JVM: the nodes' logging when {@link #NODE_OPTION} is set, else the console. */
    static void configureAtStart(LoggerContext context) {
        if ("node".equals(System.getProperty(ROLE_PROPERTY))) {
            ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
            start(context, "STDOUT", stdout, NODE_PATTERN);
            root(context, stdout);
        } else {
            console(context);
        }
    }

    /**
     * Replaces this process's logging: the console when {@code console}, and the log file {@code file} when not
     * null (after {@link #checkLogFile}). With neither, nothing is logged.
     */
    public static void useForCommand(boolean console, Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        if (console) {
            console(context);
        }
        if (file != null) {
            checkLogFile(file);
            NoFollowFileAppender<ILoggingEvent> appender = new NoFollowFileAppender<>();
            appender.setFile(file.toString());
            start(context, "FILE", appender, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [pid "
                    + ProcessHandle.current().pid() + "] %logger{36} - %escapedMessage%n");
            context.getLogger("dev.chunkcluster").setLevel(Level.DEBUG);
            root(context, appender);
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

    /** The console on standard error, the examples' own messages from INFO and everything else's from WARN. */
    private static void console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setTarget("System.err");
        ConsoleFilter filter = new ConsoleFilter();
        filter.setContext(context);
        filter.start();
        stderr.addFilter(filter);
        start(context, "CONSOLE", stderr, CONSOLE_PATTERN);
        root(context, stderr);
    }

    /** Starts {@code appender} writing lines of {@code pattern}, which may use {@code %escapedMessage}. */
    private static void start(LoggerContext context, String name, OutputStreamAppender<ILoggingEvent> appender,
                              String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("escapedMessage", EscapedMessage::new);
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
    }

    private static void root(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
    }
}
