package dev.chunkcluster.sqlite;

import dev.chunkcluster.testkit.ClaimRecords;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A worker process for the multi-process test ({@link ClaimRecords#drain}). Exits 0 when done, 1 on any error.
 *
 * <p>Arguments: database, exploration, worker name, record file, batch size.
 */
public final class ClaimWorkerMain {

    private ClaimWorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path database = Path.of(args[0]);
        String exploration = args[1];
        String worker = args[2];
        Path records = Path.of(args[3]);
        int batch = Integer.parseInt(args[4]);
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            ClaimRecords.drain(store, exploration, worker, batch, records);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
