package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.node.LocalCluster;
import dev.chunkcluster.examples.node.NodeSettings;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code stop}: the database-first Stop. */
@Command(name = "stop",
        description = {"Stops the exploration, database first: marks it stopped and resets every running chunk to"
                + " pending in one transaction, then stops the tracked coordinator and workers (SIGTERM, the grace"
                + " period, SIGKILL). Nothing to stop is success; a second stop changes nothing."})
public final class StopCommand extends DbCommand {

    @Option(names = "--json", description = "Print the body of POST /api/cluster/control {\"action\": \"stop\"}.")
    boolean json;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "Time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() {
        LocalCluster opened;
        try {
            opened = LocalCluster.openInitialized(database, grace);
        } catch (ChunkClusterException e) {
            return stopProcessesOnly(e);
        }
        try (LocalCluster cluster = opened) {
            ClusterApi api = api(cluster, NodeSettings.of(1), grace);
            ControlBody body = api.stop();
            if (json) {
                out().println(Json.write(body));
            } else if (body.success()) {
                out().println(body.message());
            }
            return body.success() ? 0 : fail(body.message());
        }
    }

    /**
     * The database cannot be opened (read-only, not a database, ...). The user asked to stop, so the tracked
     * processes are stopped anyway; the command still fails and says why the database step could not run.
     */
    private int stopProcessesOnly(ChunkClusterException databaseFailure) {
        Path stateDirectory = database.stateDirectory();
        if (!Files.isDirectory(stateDirectory)) {
            throw databaseFailure;
        }
        String processes;
        try {
            List<ProcessStopOutcome> outcomes = LocalProcessController.create(
                    ProcessOptions.builder(stateDirectory).build())
                    .stopAll(LocalCluster.EXPLORATION, grace);
            processes = outcomes.isEmpty() ? "no process to stop" : "processes stopped anyway: " + outcomes.stream()
                    .collect(Collectors.groupingBy(o -> o.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            Collectors.counting()))
                    .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).sorted()
                    .collect(Collectors.joining(", "));
        } catch (ChunkClusterException e) {
            processes = "the processes could not be stopped either: " + e.getMessage();
        }
        return fail("Stop could not reset the database, so running chunks may still be marked running: "
                + databaseFailure.getMessage() + " (" + processes + ")");
    }
}
