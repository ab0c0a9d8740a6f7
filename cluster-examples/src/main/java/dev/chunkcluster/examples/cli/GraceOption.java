package dev.chunkcluster.examples.cli;

import dev.chunkcluster.process.ProcessOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --grace}: the time between SIGTERM and SIGKILL on Stop, default {@code StopPolicy.DEFAULT_GRACE}. */
final class GraceOption {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On Stop, time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    /** The grace period, or a usage error in the user's units. */
    Duration grace() {
        if (grace.isNegative() || grace.compareTo(ProcessOptions.MAX_GRACE) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grace must be 0s to "
                    + DurationConverter.format(ProcessOptions.MAX_GRACE) + "; got " + DurationConverter.format(grace));
        }
        return grace;
    }
}
