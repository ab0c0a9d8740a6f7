package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.logging.LogConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * How a parsed command line runs: the command's options are checked first (a bad value is a usage error, exit 2,
 * before anything is written), then, in the program itself, the logging of the command is chosen
 * ({@link LogConfiguration#useForCommand}), then the command runs. A command that fails with an error it explains in
 * full (a missing database, another program's file, a file it may not write) removes the log file it created itself:
 * a failed command leaves nothing behind. An unexpected failure keeps it, since its stack trace is there.
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
        Path newLog = null;
        if (!leaf.isUsageHelpRequested() && !leaf.isVersionHelpRequested()
                && leaf.getCommand() instanceof DbCommand command) {
            command.checkOptions();
            if (configureLogging) {
                Path log = command.logFile().orElse(null);
                if (log != null && !Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
                    newLog = log;
                }
                try {
                    LogConfiguration.useForCommand(command.chatty(), log);
                } catch (RuntimeException e) {
                    throw new CommandLine.ExecutionException(leaf, e.getMessage(), e);
                }
            }
        }
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (CommandLine.ExecutionException e) {
            if (newLog != null && Failures.explains(e.getCause())) {
                LogConfiguration.removeNewLog(newLog);
            }
            throw e;
        }
    }
}
