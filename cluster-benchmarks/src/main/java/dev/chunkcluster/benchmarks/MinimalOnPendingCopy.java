package dev.chunkcluster.benchmarks;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The third side of a benchmark that drains pending chunks, beside {@link LibraryOnPendingCopy} and
 * {@link RawOnPendingCopy}: a {@link MinimalQueue} of the given number of pending rows.
 */
public abstract class MinimalOnPendingCopy extends PendingCopy {

    /** Pending rows in the database. */
    private final int chunks;
    /** Rows one claim statement takes. */
    private final int batch;

    MinimalQueue queue;

    protected MinimalOnPendingCopy(int chunks, int batch, String label) {
        super(label);
        this.chunks = chunks;
        this.batch = batch;
    }

    @Override
    protected Path template() {
        return MinimalQueue.template(chunks);
    }

    @Override
    protected AutoCloseable openOn(Path copy) throws SQLException {
        queue = new MinimalQueue(copy, batch);
        return queue;
    }
}
