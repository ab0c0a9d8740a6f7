package dev.chunkcluster.examples.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL on the exploration database, as a person with the sqlite3 shell would do it. */
public final class Sql {

    private Sql() {
    }

    /**
     * Runs {@code sql}; returns the rows it changed. Prepared, because sqlite-jdbc's plain {@code Statement} also counts
     * the rows that the schema's triggers change (the status counts), its {@code PreparedStatement} the statement's own.
     */
    public static int update(Path database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                return prepared.executeUpdate();
            }
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + sql, e);
        }
    }

    /** Each row as its columns joined with '|', like sqlite3's default output. */
    public static List<String> query(Path database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        if (i > 1) {
                            row.append('|');
                        }
                        row.append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + sql, e);
        }
    }

    /** What a coordinator that died mid-run leaves behind: every chunk running, held by workers that are gone. */
    public static int leaveAllChunksRunning(Path database) {
        return update(database, "UPDATE chunks SET status = 'running', assigned_worker = 'worker-' || (90000 + idx),"
                + " attempt = attempt + 1, started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                + " lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+30 seconds')"
                + " WHERE status = 'pending'");
    }

    private static Connection connect(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
    }
}
