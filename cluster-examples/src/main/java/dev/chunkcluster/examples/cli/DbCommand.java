package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import dev.chunkcluster.examples.store.DbLocation;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What every command shares: {@code --db}, its output streams, the check of its options before anything is written
 * ({@link #checkOptions()}), and where it logs.
 */
abstract class DbCommand implements Callable<Integer> {

    /** Commands that show progress on the console; the others print only their answer. */
    private static final Set<String> CHATTY = Set.of("explore", "serve");

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--db", paramLabel = "PATH|URL", converter = DbLocationConverter.class,
            description = {"The SQLite database file (default: ${DEFAULT-VALUE} in the working directory), or a"
                    + " PostgreSQL JDBC URL, jdbc:postgresql://HOST:PORT/DATABASE?user=NAME, with the password in "
                    + DbLocation.PASSWORD_ENV + "."})
    DbLocation database;

    /** Reads {@code --db}; picocli reports a bad value as a usage error with this message. */
    static final class DbLocationConverter implements CommandLine.ITypeConverter<DbLocation> {
        @Override
        public DbLocation convert(String value) {
            try {
                return DbLocation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error: one line and exit code 2, like a bad option. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Throws a usage error for an option value that cannot work, before the command logs or writes anything
     * ({@link CommandExecution} calls it). Commands with more options extend it.
     */
    void checkOptions() {
        if (!database.isPostgres() && Files.isDirectory(database.file())) {
            throw usage("--db " + database + " is a directory; give the path of a database file inside it, for"
                    + " example " + database.file().resolve(Defaults.DATABASE));
        }
    }

    /** Whether the command creates the database when it is missing. */
    boolean createsDatabase() {
        return false;
    }

    /** Whether the console shows progress and the examples' messages. */
    boolean chatty() {
        return CHATTY.contains(spec.name());
    }

    /**
     * The log beside the database ({@code <db>.log}): only where the database file is, or where this command is about
     * to create it, so that a typo leaves no file behind. A PostgreSQL database has no file to log beside: the
     * command logs to the console only.
     */
    Optional<Path> logFile() {
        if (database.isPostgres()) {
            return Optional.empty();
        }
        Path absolute = database.file();
        Path directory = absolute.getParent();
        boolean beside = Files.isRegularFile(absolute)
                || createsDatabase() && directory != null && Files.isDirectory(directory) && !Files.exists(absolute);
        return beside ? Optional.of(absolute.resolveSibling(absolute.getFileName() + ".log")) : Optional.empty();
    }

    int workers(Integer requested) {
        int workers = requested == null ? NodeSettings.defaultWorkers() : requested;
        try {
            return NodeSettings.of(workers).workers();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    static ClusterApi api(LocalCluster cluster, NodeSettings settings, Duration grace) {
        return new ClusterApi(cluster::store, cluster::nodes, cluster.processes(),
                LocalCluster.EXPLORATION, () -> cluster.coordinatorLaunch(settings), grace, Clock.systemUTC());
    }

    static ClusterApi api(LocalCluster cluster, NodeSettings settings) {
        return api(cluster, settings, StopPolicy.DEFAULT_GRACE);
    }

    /** Prints {@code message} as the command's one error line. */
    int fail(String message) {
        err().println("error: " + Failures.oneLine(message));
        err().flush();
        return Failures.FAILED;
    }
}
