package dev.chunkcluster.testkit;

import java.time.Clock;

class InMemoryNodeRegistryContractTest extends NodeRegistryContract {

    @Override
    protected Stores createStores(Clock clock) {
        InMemoryChunkStore chunks = new InMemoryChunkStore(clock);
        return new Stores(chunks, new InMemoryNodeRegistry(chunks, clock));
    }
}
