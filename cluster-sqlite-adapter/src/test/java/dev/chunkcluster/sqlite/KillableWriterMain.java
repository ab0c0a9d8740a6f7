package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A writer for the SIGKILL test, which kills it at an arbitrary point.
 *
 * <p>{@code complete DATABASE EXPLORATION LOG}: claims and completes chunks in a loop, writing "completed ID" to the log
 * after each commit. {@code create DATABASE EXPLORATION CHUNKS LOG}: writes "creating", then creates an exploration of
 * that many chunks in one transaction, then writes "created".
 */
public final class KillableWriterMain {

    private KillableWriterMain() {
    }

    public static void main(String[] args) throws IOException {
        Path database = Path.of(args[1]);
        String exploration = args[2];
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            if (args[0].equals("create")) {
                int chunks = Integer.parseInt(args[3]);
                try (OutputStream log = new FileOutputStream(args[4])) {
                    log.write("creating\n".getBytes(StandardCharsets.UTF_8));
                    store.createExploration(ExplorationSpec.of(exploration, chunks, 1));
                    log.write("created\n".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            // Unbuffered: each line reaches the kernel right after its commit, so SIGKILL cannot lose it.
            try (OutputStream log = new FileOutputStream(args[3])) {
                Optional<Lease> lease;
                while ((lease = store.claim(exploration, "killable", Duration.ofMinutes(5))).isPresent()) {
                    if (store.complete(lease.get().token(), "r") != LeaseResult.APPLIED) {
                        throw new IllegalStateException("completion refused for " + lease.get().token());
                    }
                    log.write(("completed " + lease.get().token().chunkId() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
