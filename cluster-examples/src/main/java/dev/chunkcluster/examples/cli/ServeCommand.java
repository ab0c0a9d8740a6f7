package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.http.ApiServer;
import dev.chunkcluster.examples.http.ServerOptions;
import dev.chunkcluster.examples.http.TokenFile;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the HTTP API and the dashboard, until Ctrl-C. */
@Command(name = "serve",
        description = {"Serves the HTTP API (GET /api/cluster/status, GET /api/cluster/results,"
                + " POST /api/cluster/control) and the dashboard (GET /) until Ctrl-C, and runs the health check on a"
                + " schedule. Stopping the server does not stop the cluster."})
public final class ServeCommand extends DbCommand {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + ServerOptions.DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServerOptions.DEFAULT_BIND,
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback requires --token.")
    String bind;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require Authorization: Bearer TOKEN on every request, TOKEN being the first line of FILE,"
                    + " which must be yours and readable by you only (chmod 600). Without it, the environment"
                    + " variable " + ServerOptions.TOKEN_VARIABLE + " is used if set.")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The token on the command line: discouraged, every local user sees it in `ps`; prefer"
                    + " --token-file or " + ServerOptions.TOKEN_VARIABLE + ".")
    String token;

    @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "Close a connection that sends nothing for this long, idle or in the"
            + " middle of a request (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--workers", paramLabel = "N",
            description = "Workers for the Start button (default: the number of cores).")
    Integer workers;

    @Option(names = "--health-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "How often to run the health check (default: ${DEFAULT-VALUE};"
            + " 0s turns it off).")
    Duration healthInterval;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On Stop, time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() throws InterruptedException {
        ServerOptions options = ServerOptions.of(bind, port, token(), healthInterval, readTimeout);
        NodeSettings settings = NodeSettings.of(workers(workers));
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalCluster cluster = LocalCluster.openInitialized(database)) {
            ClusterApi api = api(cluster, settings, grace);
            api.requireExploration();
            ApiServer server = ApiServer.start(api, options);
            Thread hook = new Thread(() -> {
                log.info("exploration '{}': server stopping (the cluster keeps running)", api.exploration());
                server.close();
                stopped.countDown();
            }, "serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out().println("Serving exploration '" + api.exploration() + "' of " + cluster.database() + " at "
                    + server.uri() + " (Ctrl-C to quit)");
            out().flush();
            stopped.await();
            return 0;
        }
    }

    /** From --token-file, --token (with a warning) or the environment, in that order; null for none. */
    private String token() {
        if (tokenFile != null && token != null) {
            throw usage("give the token with --token-file or --token, not both");
        }
        if (tokenFile != null) {
            return TokenFile.read(tokenFile);
        }
        if (token != null) {
            err().println("warning: --token on the command line is visible to every local user (ps,"
                    + " /proc/PID/cmdline); use --token-file FILE (chmod 600) or the environment variable "
                    + ServerOptions.TOKEN_VARIABLE);
            err().flush();
            return token;
        }
        return System.getenv(ServerOptions.TOKEN_VARIABLE);
    }
}
