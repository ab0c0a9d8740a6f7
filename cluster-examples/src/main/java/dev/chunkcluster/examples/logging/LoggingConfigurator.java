package dev.chunkcluster.examples.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration of every JVM that runs this jar ({@link LogConfiguration}), found by logback
 * through {@code META-INF/services}. Steps aside for a {@code -Dlogback.configurationFile} of your own.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

    /** Logback's way to make one: through the service loader. */
    public LoggingConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogConfiguration.configureAtStart(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
