package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.error.ReadOnlyStoreException;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.error.StoreUnavailableException;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Turns driver exceptions into the core's exceptions, each naming the database, the operation, the cause and what to
 * do. {@link SQLException} never leaves the adapter.
 */
final class SqliteErrors {

    // SQLite's primary result codes (the low byte of an extended code).
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    /** SQLite's primary result code of {@code e}, or -1 if it carries none. */
    static int primaryCode(SQLException e) {
        int code = e.getErrorCode();
        return code <= 0 ? -1 : code & 0xff;
    }

    /** Whether another connection's lock caused {@code e}: worth another try while the busy timeout lasts. */
    static boolean isBusy(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    /** Whether SQLite refused the file as not a database. */
    static boolean isNotADatabase(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql != null && primaryCode(sql) == SQLITE_NOTADB;
    }

    /** Whether a ROLLBACK failed only because SQLite had already rolled the transaction back. */
    static boolean isNoTransaction(SQLException e) {
        String message = e.getMessage();
        return message != null && message.contains("no transaction is active");
    }

    /** The core exception for a failed {@code operation} on the database at {@code path}. */
    static ChunkClusterException translate(Exception e, Path path, String operation, Duration busyTimeout) {
        SQLException sql = sqlCause(e);
        if (sql == null) {
            return new StoreUnavailableException("SQLite database " + path + ": " + operation + " failed: "
                    + e.getMessage(), e);
        }
        String what = "SQLite database " + path + ": " + operation;
        String sqliteSays = " (SQLite: " + sql.getMessage() + ")";
        return switch (primaryCode(sql)) {
            case SQLITE_BUSY, SQLITE_LOCKED -> new StoreBusyException(what + " gave up after waiting "
                    + busyTimeout.toMillis() + " ms for a lock that another connection held" + sqliteSays
                    + "; nothing was changed. Retry later; if this keeps happening, find the process that holds a long "
                    + "transaction on this file (fuser '" + path + "') or raise SqliteOptions.busyTimeout", e);
            case SQLITE_READONLY -> new ReadOnlyStoreException(what + " failed because the database is read-only for "
                    + "this process" + sqliteSays + "; nothing was changed. Check the owner and mode of the file, its "
                    + "-wal and -shm files and its directory (ls -ln '" + path.getParent() + "') and make them "
                    + "writable by this process's user; the library never changes them itself", e);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> new IncompatibleStoreException(what + " failed: the file is not a "
                    + "SQLite database or is damaged" + sqliteSays + ". Restore it from a backup, or point ChunkCluster "
                    + "at a new database path; sqlite3 '" + path + "' 'PRAGMA integrity_check' shows the damage", e);
            case SQLITE_FULL -> new StoreUnavailableException(what + " failed: the disk is full" + sqliteSays
                    + "; nothing was changed. Free space on the file system that holds " + path.getParent(), e);
            case SQLITE_CANTOPEN -> new StoreUnavailableException(what + " failed: SQLite cannot open the file or "
                    + "create its -wal or -shm files" + sqliteSays + ". Check that " + path.getParent()
                    + " exists and that this process may read and write it", e);
            case SQLITE_IOERR -> new StoreUnavailableException(what + " failed with an I/O error" + sqliteSays
                    + ". Check the disk and the file system that holds " + path.getParent(), e);
            default -> new StoreUnavailableException(what + " failed" + sqliteSays, e);
        };
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
