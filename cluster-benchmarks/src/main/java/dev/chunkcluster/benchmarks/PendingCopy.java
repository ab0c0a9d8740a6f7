package dev.chunkcluster.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * One side of a benchmark that drains pending chunks: each iteration gets a fresh copy of the side's template
 * database, so iterations never run out of work, and the copy is removed after it.
 */
public abstract class PendingCopy {

    /** Names the copy, so a leftover file says which benchmark made it. */
    private final String label;

    private Path copy;
    private AutoCloseable opened;

    protected PendingCopy(String label) {
        this.label = label;
    }

    /** The database this side copies before every iteration. */
    protected abstract Path template();

    /** Opens the side on a fresh copy; what it returns is closed after the iteration. */
    protected abstract AutoCloseable openOn(Path copy) throws SQLException;

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        copy = BenchDatabases.copy(template(), label);
        opened = openOn(copy);
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        opened.close();
        BenchDatabases.delete(copy);
    }
}
