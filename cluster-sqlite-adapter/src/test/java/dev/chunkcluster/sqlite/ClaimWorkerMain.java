package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for the multi-process test: claims (one at a time, or in batches) and completes chunks until none
 * is left, recording every claim and every completion in its own file. Exits 0 when done, 1 on any error.
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
        Duration lease = Duration.ofMinutes(10);
        try (SqliteChunkStore store = SqliteChunkStore.open(database);
             BufferedWriter out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            while (true) {
                List<Lease> leases = batch == 1
                        ? store.claim(exploration, worker, lease).map(List::of).orElse(List.of())
                        : store.claimBatch(exploration, worker, batch, lease);
                if (leases.isEmpty()) {
                    break;
                }
                for (Lease claimed : leases) {
                    out.write("claim " + claimed.token().chunkId() + " " + claimed.token().attempt() + " " + worker
                            + "\n");
                }
                for (Lease claimed : leases) {
                    LeaseResult result = store.complete(claimed.token(), "done by " + worker);
                    out.write("complete " + claimed.token().chunkId() + " " + claimed.token().attempt() + " "
                            + result + "\n");
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
