package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.error.ChunkClusterException;

import java.sql.SQLException;

/** What the {@link JdbcRunner} and the {@link JdbcChunkStore} need to know of the database behind a store. */
public interface JdbcDatabase {

    /** The database as messages name it, such as {@code SQLite database /data/x.db}. */
    String describe();

    /** The sentence that tells a user how to get a store again after it was closed. */
    String reopenHint();

    /** Whether running the whole transaction again may succeed (a lock, a serialization failure, a lost link). */
    boolean isRetryable(SQLException e);

    /** Whether a failed ROLLBACK only says that the database had already rolled the transaction back. */
    boolean isNoTransaction(SQLException e);

    /** The core exception for a failed {@code operation}, naming the database, the cause and the fix. */
    ChunkClusterException translate(SQLException e, String operation);
}
