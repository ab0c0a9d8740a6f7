package dev.chunkcluster.postgres;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeRegistry;

import javax.sql.DataSource;

/**
 * A {@link ChunkStore} on a PostgreSQL server, shared by processes on any number of hosts. The store borrows a
 * connection from the user's {@link DataSource} (a pool such as HikariCP) for each operation and never closes the pool.
 * Within a process one store is thread-safe, and operations run in parallel on their own connections.
 *
 * <p>Claims lock the chunks they take with {@code FOR UPDATE SKIP LOCKED}, so claimers never wait for each other and
 * never take the same chunk; every write to a running chunk is fenced by its attempt and worker, as on SQLite; Stop
 * sets the desired state and resets the running chunks in one transaction; the status counts come from one snapshot.
 * Lease times are read from the database server's clock unless {@link PostgresOptions.Builder#clock} says otherwise,
 * so hosts whose clocks disagree still judge every lease by one clock.
 *
 * <p>Opening checks the schema before anything is written: with {@link dev.chunkcluster.jdbc.OpenMode#CREATE_IF_ABSENT}
 * it creates or migrates the tables (schema {@code schema-vN.sql} beside this class); with
 * {@link dev.chunkcluster.jdbc.OpenMode#EXISTING_ONLY} it runs no DDL. A newer schema and tables of the same names
 * made by another program are refused.
 *
 * <p>Every error is a {@link dev.chunkcluster.core.error.ChunkClusterException} naming the server, the cause and the
 * fix. A lost connection, a server restart, a serialization failure or a deadlock is retried with a new connection for
 * up to {@link PostgresOptions#retryWindow()}; a transaction cut off half-way is rolled back by the server.
 */
public interface PostgresChunkStore extends ChunkStore, AutoCloseable {

    /** The registry of the cluster's nodes (agents, coordinators, workers), in the same database. */
    NodeRegistry nodes();

    /**
     * Opens the store on {@code dataSource}, checking, creating or migrating its tables as {@code options} say.
     *
     * @throws dev.chunkcluster.core.error.IncompatibleStoreException the schema is newer than this library, belongs
     *                                                                to another program, or is missing where the store
     *                                                                may not create it
     * @throws dev.chunkcluster.core.error.StoreUnavailableException  the server cannot be reached, refuses the login, or
     *                                                                the database or schema does not exist
     */
    static PostgresChunkStore open(DataSource dataSource, PostgresOptions options) {
        return JdbcPostgresChunkStore.open(dataSource, options);
    }

    /** Opens the store with {@link PostgresOptions#defaults()}. */
    static PostgresChunkStore open(DataSource dataSource) {
        return open(dataSource, PostgresOptions.defaults());
    }

    /** The schema that holds the tables. */
    String schema();

    /** Marks the store closed; any later operation fails with a clear error. The user's pool stays open. */
    @Override
    void close();
}
