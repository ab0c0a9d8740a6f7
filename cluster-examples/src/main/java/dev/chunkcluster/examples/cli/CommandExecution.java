package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.logging.LogConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.util.List;

/**
 * How a parsed command line runs: the command's options are checked first (a bad value is a usage error, exit 2,
 * before anything is written), then, in the program itself, the logging of the command is chosen
 * ({@link LogConfiguration#useForCommand}), then the command runs.
 */
public final class CommandExecution implements CommandLine.IExecutionStrategy {

    private final boolean configureLogging;

    /** @param configureLogging false where the caller owns the logging, as tests running commands in their JVM */
    public CommandExecution(boolean configureLogging) {
        this.configureLogging = configureLogging;
    }

    @Override
    public int execute(ParseResult parseResult) {
        List<CommandLine> commands = parseResult.asCommandLineList();
        CommandLine leaf = commands.get(commands.size() - 1);
        if (!leaf.isUsageHelpRequested() && !leaf.isVersionHelpRequested()
                && leaf.getCommand() instanceof DbCommand command) {
            command.checkOptions();
            if (configureLogging) {
                try {
                    LogConfiguration.useForCommand(command.chatty(), command.logFile().orElse(null));
                } catch (RuntimeException e) {
                    throw new CommandLine.ExecutionException(leaf, e.getMessage(), e);
                }
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }
}
