package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs a store's units of work in transactions: begins, commits, rolls back on any failure, runs the whole unit again
 * when the database says another try may succeed (a lock, a serialization failure, a lost connection), up to a number
 * of retries within a time window, and turns what is left into core exceptions naming the database.
 *
 * <p>Two ways to hold connections: {@link #onConnection} keeps one connection and its prepared statements for the
 * store's life and lets one thread at a time use it (SQLite); {@link #onDataSource} borrows a connection from the
 * user's pool for each unit of work, so units run in parallel (PostgreSQL, where the driver caches prepared statements
 * per connection).
 */
public final class JdbcRunner {

    private static final Logger log = LoggerFactory.getLogger(JdbcRunner.class);

    /** The transaction a unit of work runs in. */
    public enum Tx {
        /** None: each statement commits by itself. */
        NONE,
        /** One consistent read. */
        READ,
        /** A write that holds what it read until it commits. */
        WRITE
    }

    /** A unit of work on a session; {@link #run} supplies the transaction, retries and error translation. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Session session) throws SQLException;
    }

    private final JdbcDatabase database;
    private final ChunkStatements sql;
    private final int maxRetries;
    private final long retryWindowNanos;
    private final Session held;
    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    private JdbcRunner(JdbcDatabase database, ChunkStatements sql, int maxRetries, Duration retryWindow,
                       Connection connection, DataSource dataSource) {
        this.database = Objects.requireNonNull(database, "database");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.maxRetries = maxRetries;
        this.retryWindowNanos = retryWindow.toNanos();
        this.held = connection == null ? null : new Session(connection);
        this.dataSource = dataSource;
    }

    /** A runner on one connection that it owns and closes; one unit of work at a time. */
    public static JdbcRunner onConnection(JdbcDatabase database, ChunkStatements sql, int maxRetries,
                                          Duration retryWindow, Connection connection) {
        return new JdbcRunner(database, sql, maxRetries, retryWindow, Objects.requireNonNull(connection), null);
    }

    /** A runner that borrows a connection from {@code dataSource} for each unit of work; the user owns the pool. */
    public static JdbcRunner onDataSource(JdbcDatabase database, ChunkStatements sql, int maxRetries,
                                          Duration retryWindow, DataSource dataSource) {
        return new JdbcRunner(database, sql, maxRetries, retryWindow, null, Objects.requireNonNull(dataSource));
    }

    public JdbcDatabase database() {
        return database;
    }

    /**
     * Runs {@code work} in a transaction of the given kind. Work the database refused in a way that another try may
     * cure is run again, up to the runner's retries while its window lasts; any failure rolls the transaction back,
     * and SQL errors leave as core exceptions naming the database and {@code operation}.
     */
    public <T> T run(Tx tx, Supplier<String> operation, Work<T> work) {
        if (held != null) {
            lock.lock();
        }
        try {
            requireOpen(operation);
            long deadline = System.nanoTime() + retryWindowNanos;
            for (int retry = 0; ; retry++) {
                Session session = null;
                boolean begun = false;
                try {
                    session = held != null ? held : new Session(dataSource.getConnection());
                    if (tx != Tx.NONE) {
                        session.prepare(tx == Tx.WRITE ? sql.beginWrite : sql.beginRead).execute();
                        begun = true;
                    }
                    T result = work.run(session);
                    if (begun) {
                        session.prepare(sql.commit).execute();
                    }
                    return result;
                } catch (SQLException e) {
                    boolean retryable = database.isRetryable(e);
                    if (begun) {
                        rollback(session, e);
                    }
                    if (held != null && !retryable) {
                        // A driver may have closed statements of the failed transaction (sqlite-jdbc does after a
                        // COMMIT on a full disk): prepare them anew, so the store goes on once the cause is gone.
                        addSuppressed(e, held.closeStatements());
                    }
                    if (retryable && retry < maxRetries && System.nanoTime() < deadline) {
                        log.debug("{}: {} failed and is tried again ({} of {}): {}", database.describe(),
                                operation.get(), retry + 1, maxRetries, e.getMessage());
                        continue;
                    }
                    throw database.translate(e, operation.get());
                } catch (RuntimeException | Error e) {
                    if (begun) {
                        rollback(session, e);
                    }
                    throw e;
                } finally {
                    if (held == null && session != null) {
                        SQLException failure = session.close();
                        if (failure != null) {
                            log.debug("{}: returning a connection failed: {}", database.describe(),
                                    failure.getMessage());
                        }
                    }
                }
            }
        } finally {
            if (held != null) {
                lock.unlock();
            }
        }
    }

    private void requireOpen(Supplier<String> operation) {
        if (closed) {
            throw new StoreUnavailableException(database.describe() + ": cannot " + operation.get()
                    + ": the store is closed. " + database.reopenHint());
        }
    }

    private void rollback(Session session, Throwable cause) {
        try {
            session.prepare(sql.rollback).execute();
        } catch (SQLException e) {
            // Some databases roll back by themselves after some errors (SQLite on a full disk); then nothing is left.
            if (!database.isNoTransaction(e)) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * Marks the runner closed, so every later unit of work fails with a clear error, and closes the held connection.
     *
     * @return false when it was closed already
     * @throws SQLException when closing the held connection failed
     */
    public boolean close() throws SQLException {
        if (held != null) {
            lock.lock();
        }
        try {
            if (closed) {
                return false;
            }
            closed = true;
            if (held != null) {
                SQLException failure = held.close();
                if (failure != null) {
                    throw failure;
                }
            }
            return true;
        } finally {
            if (held != null) {
                lock.unlock();
            }
        }
    }

    private static void addSuppressed(Throwable cause, SQLException failure) {
        if (failure != null) {
            cause.addSuppressed(failure);
        }
    }
}
