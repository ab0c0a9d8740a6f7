package dev.chunkcluster.testkit;

import dev.chunkcluster.core.port.ChunkStore;

import java.time.Clock;

class InMemoryChunkStoreContractTest extends ChunkStoreContract {

    @Override
    protected ChunkStore createStore(Clock clock) {
        return new InMemoryChunkStore(clock);
    }
}
