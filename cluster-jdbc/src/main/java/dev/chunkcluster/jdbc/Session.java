package dev.chunkcluster.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/** One connection and the statements prepared on it, each prepared once; used by one thread at a time. */
public final class Session {

    private final Connection connection;
    private final Map<SqlStatement, NamedStatement> prepared = new IdentityHashMap<>();

    Session(Connection connection) {
        this.connection = connection;
    }

    /** {@code statement}, prepared on this connection the first time it is asked for. */
    public NamedStatement prepare(SqlStatement statement) throws SQLException {
        NamedStatement named = prepared.get(statement);
        if (named == null) {
            named = new NamedStatement(statement, connection.prepareStatement(statement.sql()));
            prepared.put(statement, named);
        }
        return named;
    }

    /** The connection, for statements that are not in the statements file (DDL, pragmas). */
    public Connection connection() {
        return connection;
    }

    /** Closes and forgets every prepared statement; returns the first failure, if any. */
    SQLException closeStatements() {
        SQLException failure = null;
        for (NamedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                failure = first(failure, e);
            }
        }
        prepared.clear();
        return failure;
    }

    /** Closes the statements and the connection; returns the first failure, if any. */
    SQLException close() {
        SQLException failure = closeStatements();
        try {
            connection.close();
        } catch (SQLException e) {
            failure = first(failure, e);
        }
        return failure;
    }

    static SQLException first(SQLException failure, SQLException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }
}
