package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.testkit.ChunkStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The test kit's contract, unchanged, on a fresh SQLite file per test. */
class SqliteChunkStoreContractTest extends ChunkStoreContract {

    @TempDir
    Path directory;

    @Override
    protected ChunkStore createStore(Clock clock) {
        return SqliteChunkStore.open(directory.resolve("contract.db"), SqliteOptions.builder().clock(clock).build());
    }
}
