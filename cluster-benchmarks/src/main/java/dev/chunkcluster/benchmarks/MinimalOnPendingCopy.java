package dev.chunkcluster.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The third side of a benchmark that drains pending chunks, beside {@link LibraryOnPendingCopy} and
 * {@link RawOnPendingCopy}: each iteration gets a fresh copy of a {@link MinimalQueue} of {@link #chunks()} pending
 * rows.
 */
public abstract class MinimalOnPendingCopy {

    Path database;
    MinimalQueue queue;

    /** Pending rows in the database. */
    abstract int chunks();

    /** Rows one claim statement takes. */
    abstract int batch();

    /** Names the copy, so a leftover file says which benchmark made it. */
    abstract String label();

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        database = BenchDatabases.copy(MinimalQueue.template(chunks()), label());
        queue = new MinimalQueue(database, batch());
    }

    @TearDown(Level.Iteration)
    public void close() throws SQLException {
        queue.close();
        BenchDatabases.delete(database);
    }
}
