package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.logging.LogConfiguration;
import dev.chunkcluster.examples.store.DbLocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command lines of the demo's coordinator and workers: plain {@code java -Xmx<heap>
 * -Dchunkcluster.logging=node -cp <this class path> Main <arguments>} with this JVM's {@code java},
 * so nothing has to be installed besides the jar. A node makes its own private temporary directory
 * ({@link PrivateTemp}).
 */
public final class NodeLaunch {

    /** A node holds one chunk's results at a time: a small heap is plenty, beside the price series. */
    static final int HEAP_MB = 64;
    /** What a node needs beside the price series it backtests over. */
    static final int HEAP_BESIDE_SERIES_MB = 32;
    /** A node's logging: {@link LogConfiguration#NODE_OPTION}. */
    static final String LOGGING = LogConfiguration.NODE_OPTION;

    private NodeLaunch() {
    }

    /**
     * The coordinator of {@code exploration} in the store at {@code database}, whose workers backtest over
     * {@code years} of prices.
     */
    public static LaunchSpec coordinator(DbLocation database, String exploration, NodeSettings settings, int years) {
        return spec(ProcessRole.COORDINATOR, CoordinatorMain.class, database, exploration, settings, years, "");
    }

    /** A worker of {@code exploration} in the store at {@code database}, backtesting over {@code years} of prices. */
    public static LaunchSpec worker(DbLocation database, String exploration, NodeSettings settings, int years) {
        return spec(ProcessRole.WORKER, WorkerMain.class, database, exploration, settings, years, "");
    }

    /** A worker that the agent of {@code host} launches: its chunks name it {@code worker-PID@HOST}. */
    public static LaunchSpec agentWorker(DbLocation database, String exploration, NodeSettings settings, int years,
                                         String host) {
        return spec(ProcessRole.WORKER, WorkerMain.class, database, exploration, settings, years, host);
    }

    private static LaunchSpec spec(ProcessRole role, Class<?> mainClass, DbLocation database, String exploration,
                                   NodeSettings settings, int years, String host) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), heap(years), LOGGING,
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(NodeArgs.format(database, exploration, settings, years, host));
        return new LaunchSpec(role, exploration, command, Map.of(), null);
    }

    /**
     * The heap option of a node whose backtests run over {@code years} of prices: {@value #HEAP_MB} MB, or the series
     * and {@value #HEAP_BESIDE_SERIES_MB} MB beside it when that is more (over about 150 years).
     */
    static String heap(int years) {
        long seriesMb = (PriceSeries.bytes(years) + (1 << 20) - 1) >> 20;
        return "-Xmx" + Math.max(HEAP_MB, seriesMb + HEAP_BESIDE_SERIES_MB) + "m";
    }

    /** The {@code java} of the running JVM. */
    static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }
}
