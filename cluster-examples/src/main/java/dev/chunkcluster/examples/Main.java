package dev.chunkcluster.examples;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.examples.cli.AgentCommand;
import dev.chunkcluster.examples.cli.CommandExecution;
import dev.chunkcluster.examples.cli.Defaults;
import dev.chunkcluster.examples.cli.ExploreCommand;
import dev.chunkcluster.examples.cli.Failures;
import dev.chunkcluster.examples.cli.InitCommand;
import dev.chunkcluster.examples.cli.ResultsCommand;
import dev.chunkcluster.examples.cli.ServeCommand;
import dev.chunkcluster.examples.cli.StartCommand;
import dev.chunkcluster.examples.cli.StatusCommand;
import dev.chunkcluster.examples.cli.StopCommand;
import dev.chunkcluster.examples.node.PrivateTemp;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The demo program: {@code java -jar cluster-examples.jar explore} runs a 4,096-combination backtest sweep on a local
 * cluster of worker processes; the other commands inspect and control it, and {@code serve} offers the HTTP API and a
 * dashboard.
 */
@Command(name = "cluster-examples",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Runs and controls a chunked parameter exploration that stays correct when its processes"
                + " crash, hang or are stopped.",
        subcommands = {ExploreCommand.class, InitCommand.class, StartCommand.class, StopCommand.class,
                StatusCommand.class, ResultsCommand.class, ServeCommand.class, AgentCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        try {
            PrivateTemp.install();
            code = commandLine(out, err, true).execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands exceptions to Failures; this catches what escapes it, such as a broken jar
            err.println("error: " + (e instanceof ChunkClusterException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()));
            code = 1;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line with its output on {@code out} and errors on {@code err}, leaving this JVM's logging as it
     * is; returns the exit code.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, false).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean configureLogging) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setDefaultValueProvider(new Defaults());
        commandLine.setExecutionStrategy(new CommandExecution(configureLogging));
        commandLine.setExecutionExceptionHandler(Failures::handleExecutionException);
        commandLine.setParameterExceptionHandler(Failures::handleParameterException);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"ChunkCluster examples " + (version == null ? "(development build)" : version)};
        }
    }
}
