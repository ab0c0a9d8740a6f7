package dev.chunkcluster.sample;

import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.status.ClusterState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TinyExplorationTest {

    @Test
    void runsEveryChunkOnceAndSumsTheSquares(@TempDir Path dir) {
        TinyExploration.Outcome outcome = TinyExploration.run(dir.resolve("squares.db"));

        assertEquals(10, outcome.worker().completed());
        assertEquals(WorkerSummary.ExitReason.DRAINED, outcome.worker().reason());
        assertEquals(ClusterState.COMPLETE, outcome.status().state());
        assertEquals(328_350, outcome.sumOfSquares());
    }

    @Test
    void resumingAFinishedExplorationFindsNothingToDo(@TempDir Path dir) {
        Path database = dir.resolve("squares.db");
        TinyExploration.run(database);

        TinyExploration.Outcome again = TinyExploration.run(database);

        assertEquals(0, again.worker().completed());
        assertEquals(ClusterState.COMPLETE, again.status().state());
        assertEquals(328_350, again.sumOfSquares());
    }
}
