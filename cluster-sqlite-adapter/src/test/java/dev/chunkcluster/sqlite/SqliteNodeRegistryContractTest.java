package dev.chunkcluster.sqlite;

import dev.chunkcluster.testkit.NodeRegistryContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The test kit's node registry contract, unchanged, on a fresh SQLite file per test; SQLite nodes poll. */
class SqliteNodeRegistryContractTest extends NodeRegistryContract {

    @TempDir
    Path directory;

    @Override
    protected Stores createStores(Clock clock) {
        SqliteChunkStore store = SqliteChunkStore.open(directory.resolve("nodes.db"),
                SqliteOptions.builder().clock(clock).build());
        return new Stores(store, store.nodes());
    }

    @Override
    protected boolean announces() {
        return false;
    }
}
