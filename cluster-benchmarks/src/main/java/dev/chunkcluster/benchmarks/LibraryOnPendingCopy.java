package dev.chunkcluster.benchmarks;

import dev.chunkcluster.sqlite.SqliteChunkStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;

/**
 * The library side of a benchmark that drains pending chunks: each iteration gets a fresh copy of a database of
 * {@link #chunks()} pending chunks, opened with {@link SqliteChunkStore}, so iterations never run out of work.
 */
public abstract class LibraryOnPendingCopy {

    Path database;
    SqliteChunkStore store;

    /** Pending chunks in the database. */
    abstract int chunks();

    /** Names the copy, so a leftover file says which benchmark made it. */
    abstract String label();

    @Setup(Level.Iteration)
    public void open() {
        database = BenchDatabases.copy(BenchDatabases.pending(chunks()), label());
        store = SqliteChunkStore.open(database);
    }

    @TearDown(Level.Iteration)
    public void close() {
        store.close();
        BenchDatabases.delete(database);
    }
}
