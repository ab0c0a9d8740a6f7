package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.examples.node.Agent;
import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options shared by commands, taken from the constants that own them (an annotation's
 * {@code defaultValue} can only hold a literal). An option that declares its own default keeps it.
 */
public final class Defaults implements CommandLine.IDefaultValueProvider {

    /** The database file when {@code --db} is not given, in the working directory. */
    public static final String DATABASE = "exploration.db";

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || argument.defaultValue() != null) {
            return null;
        }
        return switch (option.longestName()) {
            case "--db" -> DATABASE;
            case "--grace" -> DurationConverter.format(StopPolicy.DEFAULT_GRACE);
            case "--lease" -> DurationConverter.format(NodeSettings.DEFAULT_LEASE);
            case "--health-interval" -> DurationConverter.format(NodeSettings.DEFAULT_HEALTH_CHECK_INTERVAL);
            case "--poll-interval" -> DurationConverter.format(Agent.DEFAULT_POLL_INTERVAL);
            case "--keep-dead" -> DurationConverter.format(NodeRegistry.DEFAULT_KEEP_DEAD);
            default -> null;
        };
    }
}
