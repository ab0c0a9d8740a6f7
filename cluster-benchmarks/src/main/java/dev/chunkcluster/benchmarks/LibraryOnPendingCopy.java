package dev.chunkcluster.benchmarks;

import dev.chunkcluster.sqlite.SqliteChunkStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;

/**
 * The library side of a benchmark that drains pending chunks: each iteration gets a fresh copy of a database of
 * the given number of pending chunks, opened with {@link SqliteChunkStore}, so iterations never run out of work.
 */
public abstract class LibraryOnPendingCopy {

    /** Pending chunks in the database. */
    private final int chunks;
    /** Names the copy, so a leftover file says which benchmark made it. */
    private final String label;

    Path database;
    SqliteChunkStore store;

    protected LibraryOnPendingCopy(int chunks, String label) {
        this.chunks = chunks;
        this.label = label;
    }

    @Setup(Level.Iteration)
    public void open() {
        database = BenchDatabases.copy(BenchDatabases.pending(chunks), label);
        store = SqliteChunkStore.open(database);
    }

    @TearDown(Level.Iteration)
    public void close() {
        store.close();
        BenchDatabases.delete(database);
    }
}
