package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.store.DbLocation;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * The arguments a coordinator or worker is launched with. They are written by {@link NodeLaunch} and read here, never
 * typed by people, so the parser is small and strict.
 *
 * @param database    the store: a SQLite file or a PostgreSQL URL
 * @param exploration the exploration's name
 * @param years       years of prices each backtest runs over ({@link SweepYears})
 * @param host        the host name of the agent that launched it, empty when no agent did: a worker of an agent
 *                    names itself {@code worker-PID@HOST}, so its chunks say which host holds them
 */
public record NodeArgs(DbLocation database, String exploration, NodeSettings settings, int years, String host) {

    static List<String> format(DbLocation database, String exploration, NodeSettings settings, int years,
                               String host) {
        List<String> args = new java.util.ArrayList<>(List.of("--db", database.argument(), "--exploration",
                exploration, "--years", Integer.toString(years), "--workers", Integer.toString(settings.workers()),
                "--lease-ms", Long.toString(settings.lease().toMillis()),
                "--health-interval-ms", Long.toString(settings.healthCheckInterval().toMillis())));
        if (!host.isEmpty()) {
            args.addAll(List.of("--host", host));
        }
        return args;
    }

    /** The name a worker process gives itself in the chunks it claims. */
    String workerName() {
        String worker = "worker-" + ProcessHandle.current().pid();
        return host.isEmpty() ? worker : worker + "@" + host;
    }

    /**
     * What every node does first: reads its arguments and makes its private temporary directory
     * ({@link PrivateTemp}); on a failure, logs why and exits with status 2.
     */
    static NodeArgs start(ProcessRole role, String[] args) {
        try {
            NodeArgs node = parse(args);
            PrivateTemp.install();
            return node;
        } catch (IllegalArgumentException | ChunkClusterException e) {
            LoggerFactory.getLogger(NodeArgs.class).error("{}: cannot start: {}", role.label(), e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /** @throws IllegalArgumentException naming the bad or missing argument */
    public static NodeArgs parse(String[] args) {
        DbLocation database = null;
        String exploration = null;
        String host = "";
        int workers = 1;
        int years = PriceSeries.DEMO_YEARS;
        long leaseMs = NodeSettings.DEFAULT_LEASE.toMillis();
        long healthMs = NodeSettings.DEFAULT_HEALTH_CHECK_INTERVAL.toMillis();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("argument " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--db" -> database = DbLocation.parse(value);
                case "--exploration" -> exploration = value;
                case "--years" -> years = parseInt(args[i], value);
                case "--workers" -> workers = parseInt(args[i], value);
                case "--lease-ms" -> leaseMs = parseInt(args[i], value);
                case "--health-interval-ms" -> healthMs = parseInt(args[i], value);
                case "--host" -> host = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --db, --exploration, --years, --workers, --lease-ms, --health-interval-ms,"
                        + " --host");
            }
        }
        if (database == null || exploration == null) {
            throw new IllegalArgumentException("--db and --exploration are required");
        }
        return new NodeArgs(database, exploration,
                new NodeSettings(workers, Duration.ofMillis(leaseMs), Duration.ofMillis(healthMs)),
                PriceSeries.checkYears(years), host);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number; got '" + value + "'", e);
        }
    }
}
