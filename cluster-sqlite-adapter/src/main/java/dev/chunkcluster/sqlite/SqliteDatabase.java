package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.jdbc.JdbcDatabase;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/** The SQLite file behind a store, as the runner and the shared store operations need to know it. */
record SqliteDatabase(Path path, Duration busyTimeout) implements JdbcDatabase {

    @Override
    public String describe() {
        return "SQLite database " + path;
    }

    @Override
    public String reopenHint() {
        return "Open it again (SqliteChunkStore.open)";
    }

    /** Another connection's lock: worth another try while the busy timeout lasts. */
    @Override
    public boolean isRetryable(SQLException e) {
        return SqliteErrors.isBusy(e);
    }

    @Override
    public boolean isNoTransaction(SQLException e) {
        return SqliteErrors.isNoTransaction(e);
    }

    @Override
    public ChunkClusterException translate(SQLException e, String operation) {
        return SqliteErrors.translate(e, path, operation, busyTimeout);
    }
}
