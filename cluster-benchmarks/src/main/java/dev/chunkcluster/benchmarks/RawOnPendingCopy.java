package dev.chunkcluster.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The raw-JDBC side of a benchmark that drains pending chunks, the mirror of {@link LibraryOnPendingCopy}: each
 * iteration gets a fresh copy of a database of the given number of pending chunks, opened with {@link RawChunkJdbc}.
 */
public abstract class RawOnPendingCopy {

    /** Pending chunks in the database. */
    private final int chunks;
    /** Chunks one claim statement takes. */
    private final int batch;
    /** Names the copy, so a leftover file says which benchmark made it. */
    private final String label;

    Path database;
    RawChunkJdbc raw;

    protected RawOnPendingCopy(int chunks, int batch, String label) {
        this.chunks = chunks;
        this.batch = batch;
        this.label = label;
    }

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        database = BenchDatabases.copy(BenchDatabases.pending(chunks), label);
        raw = new RawChunkJdbc(database, batch);
    }

    @TearDown(Level.Iteration)
    public void close() throws SQLException {
        raw.close();
        BenchDatabases.delete(database);
    }
}
