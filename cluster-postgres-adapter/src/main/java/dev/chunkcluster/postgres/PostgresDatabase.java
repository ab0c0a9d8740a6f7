package dev.chunkcluster.postgres;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.jdbc.JdbcDatabase;

import java.sql.SQLException;
import java.time.Duration;

/** The PostgreSQL server and schema behind a store, as the runner and the shared store operations need to know them. */
record PostgresDatabase(String server, String schema, Duration retryWindow) implements JdbcDatabase {

    @Override
    public String describe() {
        return server + " schema " + schema;
    }

    @Override
    public String reopenHint() {
        return "Open it again (PostgresChunkStore.open)";
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return PostgresErrors.isRetryable(e);
    }

    /** After a lost connection a ROLLBACK fails too; the server has rolled the transaction back by itself. */
    @Override
    public boolean isNoTransaction(SQLException e) {
        return PostgresErrors.sqlState(e).startsWith("08");
    }

    @Override
    public ChunkClusterException translate(SQLException e, String operation) {
        return PostgresErrors.translate(e, server, schema, operation, retryWindow);
    }
}
