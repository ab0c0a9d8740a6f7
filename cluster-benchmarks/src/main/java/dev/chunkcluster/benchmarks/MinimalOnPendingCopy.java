package dev.chunkcluster.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The third side of a benchmark that drains pending chunks, beside {@link LibraryOnPendingCopy} and
 * {@link RawOnPendingCopy}: each iteration gets a fresh copy of a {@link MinimalQueue} of the given number of pending
 * rows.
 */
public abstract class MinimalOnPendingCopy {

    /** Pending rows in the database. */
    private final int chunks;
    /** Rows one claim statement takes. */
    private final int batch;
    /** Names the copy, so a leftover file says which benchmark made it. */
    private final String label;

    Path database;
    MinimalQueue queue;

    protected MinimalOnPendingCopy(int chunks, int batch, String label) {
        this.chunks = chunks;
        this.batch = batch;
        this.label = label;
    }

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        database = BenchDatabases.copy(MinimalQueue.template(chunks), label);
        queue = new MinimalQueue(database, batch);
    }

    @TearDown(Level.Iteration)
    public void close() throws SQLException {
        queue.close();
        BenchDatabases.delete(database);
    }
}
