package dev.chunkcluster.benchmarks;

import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.nio.file.Path;

/** The library side of a benchmark that drains pending chunks, opened with {@link SqliteChunkStore}. */
public abstract class LibraryOnPendingCopy extends PendingCopy {

    /** Pending chunks in the database. */
    private final int chunks;

    SqliteChunkStore store;

    protected LibraryOnPendingCopy(int chunks, String label) {
        super(label);
        this.chunks = chunks;
    }

    @Override
    protected Path template() {
        return BenchDatabases.pending(chunks);
    }

    @Override
    protected AutoCloseable openOn(Path copy) {
        store = SqliteChunkStore.open(copy);
        return store;
    }
}
