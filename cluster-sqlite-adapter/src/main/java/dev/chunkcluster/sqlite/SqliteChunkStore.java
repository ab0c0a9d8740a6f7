package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeRegistry;

import java.nio.file.Path;

/**
 * A {@link ChunkStore} in one SQLite file that many processes may share. Each process opens its own store; within a
 * process one store is thread-safe (its single connection is used by one thread at a time).
 *
 * <p>Opening checks, before anything is written, that this process may write the file and its directory (SQLite
 * creates {@code -wal} and {@code -shm} files beside it), that the file is a SQLite database, and that its schema is
 * not newer than this library; then it switches the file to WAL and creates or migrates the schema. The store never
 * deletes {@code -wal}, {@code -shm} or journal files: they hold committed transactions. Use {@link #checkpoint()} to
 * fold the WAL back into the database file.
 *
 * <p>With {@link SqliteOptions.Builder#openMode} {@link dev.chunkcluster.jdbc.OpenMode#EXISTING_ONLY} it opens only a
 * file that already holds this library's schema and writes nothing to any other. A file that holds another program's
 * tables is refused in either mode, and its bytes stay as they were.
 *
 * <p>The store takes a path, not a {@code DataSource}: it checks the file, its side files and its directory before it
 * opens them, and it keeps one connection with its own pragmas for its life, which a pool would hand out and reset.
 *
 * <p>Every error is a {@link dev.chunkcluster.core.error.ChunkClusterException} naming the database path and the operation:
 * {@link dev.chunkcluster.core.error.ReadOnlyStoreException}, {@link dev.chunkcluster.core.error.IncompatibleStoreException},
 * {@link dev.chunkcluster.core.error.StoreBusyException} and {@link dev.chunkcluster.core.error.StoreUnavailableException}.
 */
public interface SqliteChunkStore extends ChunkStore, AutoCloseable {

    /** The registry of the cluster's nodes (agents, coordinators, workers), in the same database. */
    NodeRegistry nodes();

    /**
     * Opens the store at {@code database}; with the default {@link dev.chunkcluster.jdbc.OpenMode#CREATE_IF_ABSENT} it
     * creates the file if it is missing and creates or migrates the schema of a new, empty or ChunkCluster file.
     *
     * @throws dev.chunkcluster.core.error.ReadOnlyStoreException     the file or its directory is not writable by this
     *                                                           process; the message says who owns it and how to fix it
     * @throws dev.chunkcluster.core.error.IncompatibleStoreException  not a SQLite database, corrupt, another application's
     *                                                           tables, a schema newer than this library, or (when
     *                                                           existing-only) a missing, empty or older database
     * @throws dev.chunkcluster.core.error.StoreUnavailableException   the directory is missing, or SQLite failed otherwise
     */
    static SqliteChunkStore open(Path database, SqliteOptions options) {
        return JdbcSqliteChunkStore.open(database, options);
    }

    /** Opens the store with {@link SqliteOptions#defaults()}. */
    static SqliteChunkStore open(Path database) {
        return open(database, SqliteOptions.defaults());
    }

    /** The database file, absolute. */
    Path path();

    /**
     * Copies every committed transaction from the {@code -wal} file into the database file and truncates the WAL
     * ({@code PRAGMA wal_checkpoint(TRUNCATE)}). This is the safe way to shrink the WAL; deleting it loses data.
     *
     * @throws dev.chunkcluster.core.error.StoreBusyException other connections kept it from finishing within the busy timeout
     */
    void checkpoint();

    /** Closes the connection. Idempotent; any later operation fails with a clear error. */
    @Override
    void close();
}
