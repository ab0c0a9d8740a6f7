package dev.chunkcluster.postgres;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.error.ReadOnlyStoreException;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.error.StoreUnavailableException;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Turns driver exceptions into the core's exceptions by their SQLSTATE, each naming the server, the operation, the
 * cause and what to do. {@link SQLException} never leaves the adapter.
 */
final class PostgresErrors {

    private PostgresErrors() {
    }

    /** The first SQLSTATE on the chain of causes, or "" when there is none. */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /** Whether running the whole transaction again may succeed. */
    static boolean isRetryable(SQLException e) {
        String state = sqlState(e);
        return state.equals("40001") // serialization_failure
                || state.equals("40P01") // deadlock_detected
                || state.equals("23505") // unique_violation: two stores created the same exploration at once
                || state.startsWith("08") // connection exceptions: the link broke, the pool gives a new one
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"); // shutdown, starting up
    }

    /**
     * The core exception for a failed {@code operation}.
     *
     * @param server      the server as messages name it
     * @param retryWindow how long the store tried again, for the message
     */
    static ChunkClusterException translate(SQLException e, String server, String schema, String operation,
                                           Duration retryWindow) {
        String state = sqlState(e);
        String what = server + ": " + operation;
        String says = " (PostgreSQL: " + firstLine(e.getMessage()) + (state.isEmpty() ? "" : ", SQLSTATE " + state)
                + ")";
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return new StoreUnavailableException(what + " failed: the server cannot be reached or went away"
                    + says + ", and trying again for " + retryWindow.toSeconds() + " s did not help. A transaction "
                    + "that was cut off is rolled back by the server, so nothing was half-applied. Check that the "
                    + "server runs and accepts connections (pg_isready), then try again", e);
        }
        return switch (state) {
            case "28P01", "28000" -> new StoreUnavailableException(what + " failed: the server refused the login"
                    + says + ". Check the user name and the password (the CLI reads it from CHUNKCLUSTER_DB_PASSWORD),"
                    + " and that pg_hba.conf lets this user in from this host", e);
            case "3D000" -> new StoreUnavailableException(what + " failed: the database does not exist" + says
                    + ". Create it (createdb NAME, or CREATE DATABASE) or fix the database name in the JDBC URL", e);
            case "3F000" -> new StoreUnavailableException(what + " failed: schema '" + schema + "' does not exist"
                    + says + ". Create it (CREATE SCHEMA " + schema + ") or choose another with "
                    + "PostgresOptions.schema", e);
            case "42501" -> new ReadOnlyStoreException(what + " failed: the database user lacks a privilege" + says
                    + "; nothing was changed. Grant it, for example GRANT USAGE, CREATE ON SCHEMA " + schema
                    + " TO that user and GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA " + schema
                    + " TO that user", e);
            case "25006" -> new ReadOnlyStoreException(what + " failed: the server is read-only (a standby, or "
                    + "default_transaction_read_only)" + says + "; nothing was changed. Point the JDBC URL at the "
                    + "primary", e);
            case "40001", "40P01", "55P03" -> new StoreBusyException(what + " kept conflicting with other "
                    + "transactions" + says + " for " + retryWindow.toSeconds() + " s; nothing was changed. Try again; "
                    + "if it keeps happening, raise PostgresOptions.retryWindow or look for long transactions in "
                    + "pg_stat_activity", e);
            case "42P01", "42703" -> new IncompatibleStoreException(what + " failed: a ChunkCluster table or column "
                    + "is missing in schema '" + schema + "'" + says + ". Apply the library's schema (schema-v1.sql "
                    + "in the cluster-postgres-adapter jar) or open the store with OpenMode.CREATE_IF_ABSENT", e);
            case "53100" -> new StoreUnavailableException(what + " failed: the server's disk is full" + says
                    + "; nothing was changed. Free space on the server", e);
            default -> new StoreUnavailableException(what + " failed" + says, e);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
