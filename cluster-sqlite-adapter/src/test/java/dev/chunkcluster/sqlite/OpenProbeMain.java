package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.ReadOnlyStoreException;

import java.nio.file.Path;

/**
 * Opens a store and reports how that went, for tests that run it as another user: prints the exception's message to
 * stdout and exits 3 for {@link ReadOnlyStoreException}, 4 for another {@link ChunkClusterException}, 0 when the store
 * opened, 1 for anything else.
 */
public final class OpenProbeMain {

    static final int OPENED = 0;
    static final int READ_ONLY = 3;
    static final int OTHER_REFUSAL = 4;

    private OpenProbeMain() {
    }

    public static void main(String[] args) {
        try (SqliteChunkStore store = SqliteChunkStore.open(Path.of(args[0]))) {
            System.out.println("opened " + store.path());
            System.exit(OPENED);
        } catch (ReadOnlyStoreException e) {
            System.out.println(e.getMessage());
            System.exit(READ_ONLY);
        } catch (ChunkClusterException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(OTHER_REFUSAL);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
