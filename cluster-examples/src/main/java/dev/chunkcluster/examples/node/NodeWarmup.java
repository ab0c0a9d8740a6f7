package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.HealthCheck;
import dev.chunkcluster.core.policy.StatusQuery;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Runs what a coordinator and a worker run, once, on a throw-away database, so that the JVM started with
 * {@code -XX:ArchiveClassesAtExit} records every class they load in a class-data sharing archive
 * (see {@link ClassDataArchive}). Takes the scratch directory as its only argument.
 */
public final class NodeWarmup {

    private NodeWarmup() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: NodeWarmup SCRATCH_DIRECTORY");
        }
        Path scratch = Path.of(args[0]);
        try {
            warmUp(scratch);
        } finally {
            deleteTree(scratch);
        }
    }

    private static void warmUp(Path scratch) {
        Path database = scratch.resolve("warmup.db");
        String name = "warmup";
        NodeSettings settings = NodeSettings.of(1);
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of(name, 2, 1));
            LocalProcessController processes = LocalProcessController.create(
                    ProcessOptions.builder(ProcessOptions.stateDirectoryFor(database)).build());
            processes.listLive(name);
            Supervisor.builder(store, processes, NodeLaunch.worker(database, name, settings)).workers(1).build();
            HealthCheck.withProcesses(store, processes).check(name);
            WorkerLoop.builder(store, name, "warmup", WorkerMain.handler())
                    .lease(Duration.ofSeconds(30))
                    .build()
                    .run();
            StatusQuery.withProcesses(store, processes).status(name);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
