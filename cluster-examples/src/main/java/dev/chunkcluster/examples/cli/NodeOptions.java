package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.node.NodeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The options of the nodes a command launches ({@code explore}, {@code start}): one picocli mixin. */
final class NodeOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker processes the coordinator keeps alive (default: the number of cores, here"
                    + " ${sys:chunkcluster.cores}).")
    Integer workers;

    @Option(names = "--lease", hidden = true, converter = DurationConverter.class,
            description = "A worker's lease on its chunk (default: ${DEFAULT-VALUE}).")
    Duration lease;

    @Option(names = "--health-interval", hidden = true, converter = DurationConverter.class,
            description = "How often the coordinator runs the health check (default: ${DEFAULT-VALUE}).")
    Duration healthInterval;

    static {
        System.setProperty("chunkcluster.cores", Integer.toString(NodeSettings.defaultWorkers()));
    }

    /** The settings, or a usage error that names the option. */
    NodeSettings settings() {
        try {
            return new NodeSettings(workers == null ? NodeSettings.defaultWorkers() : workers, lease, healthInterval);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
