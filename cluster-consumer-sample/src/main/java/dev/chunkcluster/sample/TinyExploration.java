package dev.chunkcluster.sample;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StatusQuery;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * The smallest use of the library: an exploration of the squares of 0 to 99 in chunks of 10, kept in a SQLite file
 * and worked through by one worker in this thread. The status reads the chunk counts and the processes launched
 * for the exploration (none here).
 */
public final class TinyExploration {

    /** What the run leaves behind: the worker's counts, the status and the sum of all squares. */
    public record Outcome(WorkerSummary worker, ClusterStatus status, long sumOfSquares) {
    }

    private TinyExploration() {
    }

    /** Runs (or resumes) the exploration kept in {@code database}. */
    public static Outcome run(Path database) {
        ExplorationSpec spec = ExplorationSpec.of("squares", 100, 10);
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(spec);
            WorkerSummary worker = WorkerLoop.builder(store, spec.name(), "worker-1", work -> {
                long sum = 0;
                for (long n = work.range().first(); n < work.range().first() + work.range().count(); n++) {
                    sum += n * n;
                }
                return Long.toString(sum);
            }).build().run();

            LocalProcessController processes = LocalProcessController.create(
                    ProcessOptions.builder(ProcessOptions.stateDirectoryFor(database)).build());
            ClusterStatus status = StatusQuery.withProcesses(store, processes).status(spec.name());
            LongAdder sum = new LongAdder();
            store.forEachChunk(spec.name(), ChunkStatus.COMPLETED, chunk -> sum.add(Long.parseLong(chunk.result())));
            return new Outcome(worker, status, sum.sum());
        }
    }

    /** {@code java dev.chunkcluster.sample.TinyExploration [database]}: prints the outcome. */
    public static void main(String[] args) {
        Outcome outcome = run(Path.of(args.length > 0 ? args[0] : "squares.db"));
        System.out.println(outcome.status().describeState() + ": " + outcome.worker().completed()
                + " chunks completed, sum of squares " + outcome.sumOfSquares());
    }
}
