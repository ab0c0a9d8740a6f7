package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of coordinator and worker processes, set up in code rather than from XML, with a layout written by hand
 * ({@link LogLineLayout}) rather than a pattern: a worker should reach its first claim quickly, and parsing a
 * configuration file or a pattern costs it a few hundred classes. Everything at INFO goes to
 * standard output, which the process adapter writes to the process's own log file. Active only in processes started
 * with {@code -D}{@value #NODE_PROPERTY}{@code =true}; everywhere else logback's XML configuration applies.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class NodeLogConfigurator extends ContextAwareBase implements Configurator {

    /** The system property that marks a coordinator or worker process. */
    public static final String NODE_PROPERTY = "chunkcluster.node";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!Boolean.getBoolean(NODE_PROPERTY)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = CliLogConfigurator.encoder(context, new LogLineLayout(""));

        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
