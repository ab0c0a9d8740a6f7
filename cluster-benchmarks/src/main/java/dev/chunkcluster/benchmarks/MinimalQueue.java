package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The physical-limit yardstick on SQLite: a minimal claim/complete queue of its own, written the way a careful
 * programmer would write one by hand, and none of the library's statements. One table of id, status, worker, attempt,
 * lease time, started and finished time and result, one index on status; WAL, {@code synchronous=NORMAL}, each claim
 * and each completion one {@code BEGIN IMMEDIATE} transaction of one statement; times are epoch milliseconds. It has
 * no explorations, no desired state, no failure count and no status counts: what the library does beyond it is what
 * the library costs.
 */
public final class MinimalQueue implements AutoCloseable {

    static final List<String> SCHEMA = List.of(
            "CREATE TABLE queue (id INTEGER PRIMARY KEY, status TEXT NOT NULL, worker TEXT, "
                    + "attempt INTEGER NOT NULL DEFAULT 0, lease_expires_at INTEGER, started_at INTEGER, "
                    + "finished_at INTEGER, result TEXT)",
            "CREATE INDEX queue_status ON queue (status)");

    private final Connection connection;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement claim;
    private final PreparedStatement complete;
    private final PreparedStatement resetRunning;

    /** The claim's results: ids and attempts, by position. */
    final long[] claimedIds;
    final int[] claimedAttempts;

    MinimalQueue(Path database, int maxClaim) throws SQLException {
        connection = RawChunkJdbc.connect(database);
        begin = connection.prepareStatement("BEGIN IMMEDIATE");
        commit = connection.prepareStatement("COMMIT");
        claim = connection.prepareStatement("UPDATE queue SET status = 'running', worker = ?, attempt = attempt + 1, "
                + "started_at = ?, lease_expires_at = ? WHERE id IN (SELECT id FROM queue WHERE status = 'pending' "
                + "LIMIT ?) RETURNING id, attempt");
        complete = connection.prepareStatement("UPDATE queue SET status = 'completed', finished_at = ?, "
                + "lease_expires_at = NULL, result = ? WHERE id = ? AND attempt = ? AND worker = ? "
                + "AND status = 'running'");
        resetRunning = connection.prepareStatement("UPDATE queue SET status = 'pending', worker = NULL, "
                + "started_at = NULL, lease_expires_at = NULL WHERE status = 'running'");
        claimedIds = new long[maxClaim];
        claimedAttempts = new int[maxClaim];
    }

    /** A database of {@code chunks} pending rows, built once per directory and size; copy it before use. */
    static synchronized Path template(int chunks) {
        Path template = BenchDatabases.directory().resolve("templates").resolve("minimal-" + chunks + ".db");
        if (Files.exists(template)) {
            return template;
        }
        Path building = template.resolveSibling("minimal-" + chunks + "-building-" + ProcessHandle.current().pid()
                + ".db");
        try {
            Files.createDirectories(template.getParent());
            BenchDatabases.delete(building);
            try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + building);
                 Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                for (String ddl : SCHEMA) {
                    statement.executeUpdate(ddl);
                }
                statement.executeUpdate("WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq "
                        + "WHERE i < " + chunks + ") INSERT INTO queue (id, status) SELECT i, 'pending' FROM seq");
                BenchDatabases.checkpoint(connection);
            }
            Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
            BenchDatabases.delete(building);
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build benchmark template " + template, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build benchmark template " + template + ": " + e.getMessage(), e);
        }
    }

    /** Claims up to {@code limit} pending rows in one transaction; returns how many. */
    int claim(String worker, int limit) throws SQLException {
        long now = System.currentTimeMillis();
        begin.execute();
        int claimed = 0;
        try {
            claim.setString(1, worker);
            claim.setLong(2, now);
            claim.setLong(3, now + BenchDatabases.LEASE.toMillis());
            claim.setInt(4, limit);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    claimedIds[claimed] = rs.getLong(1);
                    claimedAttempts[claimed] = rs.getInt(2);
                    claimed++;
                }
            }
            commit.execute();
        } catch (SQLException e) {
            rollback(e);
            throw e;
        }
        return claimed;
    }

    /** Completes a claimed row, fenced by attempt and worker; returns the rows changed. */
    int complete(long id, int attempt, String worker, String result) throws SQLException {
        begin.execute();
        try {
            complete.setLong(1, System.currentTimeMillis());
            complete.setString(2, result);
            complete.setLong(3, id);
            complete.setInt(4, attempt);
            complete.setString(5, worker);
            int changed = complete.executeUpdate();
            commit.execute();
            return changed;
        } catch (SQLException e) {
            rollback(e);
            throw e;
        }
    }

    /** Stop's database step by hand: every running row back to pending, one statement; returns the rows reset. */
    int resetRunning() throws SQLException {
        begin.execute();
        try {
            int reset = resetRunning.executeUpdate();
            commit.execute();
            return reset;
        } catch (SQLException e) {
            rollback(e);
            throw e;
        }
    }

    /** Sets the rows with {@code from <= id < to} running as a claim would; returns how many (not a benchmark). */
    int markRunning(long from, long to) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement running = connection.prepareStatement("UPDATE queue SET status = 'running', "
                + "worker = ?, attempt = attempt + 1, started_at = ?, lease_expires_at = ? WHERE id >= ? AND id < ?")) {
            running.setString(1, BenchDatabases.WORKER);
            running.setLong(2, now);
            running.setLong(3, now + BenchDatabases.LEASE.toMillis());
            running.setLong(4, from);
            running.setLong(5, to);
            int marked = running.executeUpdate();
            BenchDatabases.checkpoint(connection);
            return marked;
        }
    }

    private void rollback(SQLException cause) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
