package dev.chunkcluster.testkit.extending;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.testkit.ChunkStoreContract;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import dev.chunkcluster.testkit.ManualHeartbeats;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole contract on {@link CountingChunkStore}, and what it counts. */
class CountingChunkStoreContractTest extends ChunkStoreContract {

    @Override
    protected ChunkStore createStore(Clock clock) {
        return new CountingChunkStore(new InMemoryChunkStore(clock));
    }

    @Test
    void countsTheClaimsResultsAndFailuresOfAWorker() {
        store.createExploration(ExplorationSpec.of("counted", 10, 2));
        int[] calls = {0};
        WorkerSummary summary = WorkerLoop.builder(store, "counted", "worker-1", work -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("the first chunk fails once");
            }
            return "ok";
        }).heartbeats(new ManualHeartbeats()).build().run();

        CountingChunkStore counting = (CountingChunkStore) store;
        assertEquals(5, summary.completed());
        assertEquals(6, counting.claimed());
        assertEquals(5, counting.completed());
        assertEquals(1, counting.failed());
    }

    @Test
    void aStaleCompletionIsNotCounted() {
        store.createExploration(ExplorationSpec.of("counted", 10, 2));
        Lease lease = store.claim("counted", "worker-1", LEASE).orElseThrow();
        store.resetRunning("counted", DesiredState.RUNNING);

        store.complete(lease.token(), "late");

        assertEquals(0, ((CountingChunkStore) store).completed());
    }
}
