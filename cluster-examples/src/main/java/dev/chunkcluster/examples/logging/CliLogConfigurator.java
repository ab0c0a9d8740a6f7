package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * The command line's logging, set up in code rather than from XML (parsing a configuration file costs every command
 * a few hundred classes and a few hundred milliseconds): a concise console on standard error (the examples' own
 * messages from INFO, everything else from WARN, no stack traces; see {@link ConsoleFilter}) and, for commands that
 * work on a database, a detailed file beside it (everything at INFO, ChunkCluster at DEBUG, stack traces, each line
 * tagged with the process id). Active only when {@link LogSetup} chose it for this process
 * ({@value #MODE_PROPERTY}); otherwise {@code logback.xml} applies, as in tests.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {

    /** The system property that selects this configuration: {@value #CONSOLE} or {@value #FILE}. */
    public static final String MODE_PROPERTY = "chunkcluster.cli.log";
    /** The console alone. */
    public static final String CONSOLE = "console";
    /** The console and the file named by {@value #FILE_PROPERTY}. */
    public static final String FILE = "file";
    /** The log file's path. */
    public static final String FILE_PROPERTY = "chunkcluster.log.file";
    /** The process id written on every line of the file. */
    public static final String PID_PROPERTY = "chunkcluster.pid";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String mode = System.getProperty(MODE_PROPERTY);
        String file = System.getProperty(FILE_PROPERTY);
        if (!CONSOLE.equals(mode) && !(FILE.equals(mode) && file != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // As the XML configurations do: a log that cannot be written never prints logback's own messages.
        context.getStatusManager().add(new NopStatusListener());
        ConsoleFilter filter = new ConsoleFilter();
        filter.setContext(context);
        filter.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.addFilter(filter);
        console.setEncoder(encoder(context, new ConsoleLineLayout()));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);

        if (FILE.equals(mode)) {
            FileAppender<ILoggingEvent> beside = new FileAppender<>();
            beside.setContext(context);
            beside.setName("FILE");
            beside.setFile(file);
            beside.setAppend(true);
            beside.setEncoder(encoder(context,
                    new LogLineLayout("[pid " + System.getProperty(PID_PROPERTY, "?") + "] ")));
            beside.start();
            root.addAppender(beside);
            context.getLogger("dev.chunkcluster").setLevel(Level.DEBUG);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** An encoder of {@code layout}'s lines, both started in {@code context}. */
    static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context,
                                                                LayoutBase<ILoggingEvent> layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
