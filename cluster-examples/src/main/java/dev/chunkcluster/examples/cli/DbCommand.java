package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.logging.LogSetup;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import dev.chunkcluster.examples.store.DbLocation;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** What every command shares: {@code --db}, its output streams, and opening the local cluster. */
abstract class DbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--db", paramLabel = "PATH|URL", defaultValue = LogSetup.DEFAULT_DATABASE,
            converter = DbLocationConverter.class,
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

    int workers(Integer requested) {
        int workers = requested == null ? NodeSettings.defaultWorkers() : requested;
        if (workers < 1 || workers > NodeSettings.MAX_WORKERS) {
            throw usage("--workers must be 1 to " + NodeSettings.MAX_WORKERS + "; got " + workers);
        }
        return workers;
    }

    static ClusterApi api(LocalCluster cluster, NodeSettings settings, Duration grace) {
        return new ClusterApi(cluster.store(), cluster.processes(), LocalCluster.EXPLORATION,
                () -> cluster.coordinatorLaunch(settings), grace, Clock.systemUTC());
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
