package dev.chunkcluster.benchmarks;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The raw-JDBC side of a benchmark that drains pending chunks, the mirror of {@link LibraryOnPendingCopy}: the same
 * database, opened with {@link RawChunkJdbc}.
 */
public abstract class RawOnPendingCopy extends PendingCopy {

    /** Pending chunks in the database. */
    private final int chunks;
    /** Chunks one claim statement takes. */
    private final int batch;

    RawChunkJdbc raw;

    protected RawOnPendingCopy(int chunks, int batch, String label) {
        super(label);
        this.chunks = chunks;
        this.batch = batch;
    }

    @Override
    protected Path template() {
        return BenchDatabases.pending(chunks);
    }

    @Override
    protected AutoCloseable openOn(Path copy) throws SQLException {
        raw = new RawChunkJdbc(copy, batch);
        return raw;
    }
}
