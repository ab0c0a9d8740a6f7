package dev.chunkcluster.benchmarks;

import dev.chunkcluster.sqlite.SqliteOptions;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The raw-JDBC side of each pair: one plain connection with the library's settings (WAL, {@code synchronous=NORMAL},
 * the default busy timeout, foreign keys on) running the library's own SQL text ({@link LibrarySql}) in the library's
 * transactions ({@code BEGIN IMMEDIATE} for writes), with statements prepared once and bound by position. No lock, no
 * retry, no objects beyond what the result needs: what a careful hand-written loop would do.
 */
public final class RawChunkJdbc implements AutoCloseable {

    /** The library's default busy timeout, which the library side of every pair runs with. */
    public static final int BUSY_TIMEOUT_MS = (int) SqliteOptions.DEFAULT_BUSY_TIMEOUT.toMillis();

    /** The status query people type by hand. */
    public static final String STATUS_BY_HAND =
            "SELECT status, COUNT(*) FROM chunks WHERE exploration = ? GROUP BY status";

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Connection connection;
    private final PreparedStatement beginImmediate;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    /** What a claim reads first: the desired state alone. */
    private final PreparedStatement desiredState;
    private final PreparedStatement claim;
    private final PreparedStatement complete;
    private final PreparedStatement setDesiredState;
    private final PreparedStatement resetRunning;
    private final PreparedStatement countPending;
    private final PreparedStatement statusByHand;

    /** The claim's results: chunk id, index, first combination, combination count and attempt, by position. */
    public final long[] claimedIds;
    public final int[] claimedIndexes;
    public final long[] claimedFirsts;
    public final long[] claimedCounts;
    public final int[] claimedAttempts;

    public RawChunkJdbc(Path database, int maxClaim) throws SQLException {
        this.connection = connect(database);
        LibrarySql sql = LibrarySql.sqlite();
        this.beginImmediate = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
        this.rollback = connection.prepareStatement("ROLLBACK");
        this.desiredState = connection.prepareStatement(sql.sql("desiredStateByName", "name"));
        this.claim = connection.prepareStatement(sql.sql("claim", "worker", "now", "leaseExpiresAt", "exploration",
                "limit"));
        this.complete = connection.prepareStatement(sql.sql("complete", "now", "result", "id", "attempt", "worker"));
        this.setDesiredState = connection.prepareStatement(sql.sql("setDesiredState", "desired", "name"));
        this.resetRunning = connection.prepareStatement(sql.sql("resetRunning", "exploration"));
        this.countPending = connection.prepareStatement(sql.sql("countPending", "exploration"));
        this.statusByHand = connection.prepareStatement(STATUS_BY_HAND);
        this.claimedIds = new long[maxClaim];
        this.claimedIndexes = new int[maxClaim];
        this.claimedFirsts = new long[maxClaim];
        this.claimedCounts = new long[maxClaim];
        this.claimedAttempts = new int[maxClaim];
    }

    /** A connection with the settings the library's store uses; the file must already be in WAL mode. */
    public static Connection connect(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        Connection connection = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                connection.close();
                throw new IllegalStateException(database + " is not in WAL mode (" + rs.getString(1)
                        + "); benchmark databases are made by the library, which switches them to WAL");
            }
        }
        return connection;
    }

    /** The store's timestamp text: ISO-8601 UTC with exactly three fraction digits. */
    public static String timestamp(Instant instant) {
        return FORMAT.format(instant);
    }

    /** Whole milliseconds, as the store keeps them. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    public Connection connection() {
        return connection;
    }

    /**
     * One claim transaction as the library runs it: {@code BEGIN IMMEDIATE}, read the desired state (claims stop when
     * the exploration is stopped), the claim {@code UPDATE ... RETURNING}, {@code COMMIT}.
     *
     * @return how many chunks were claimed; their columns are in the {@code claimed*} arrays
     */
    public int claim(String exploration, String worker, int max, Duration lease) throws SQLException {
        Instant now = truncate(Instant.now());
        beginImmediate.execute();
        try {
            int claimed = claimInTransaction(exploration, worker, max, now, lease);
            commit.execute();
            return claimed;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /**
     * What the library's worker loop runs after each chunk, as the library runs it: {@code BEGIN IMMEDIATE}, the fenced
     * completing {@code UPDATE}, then the claim's statements, {@code COMMIT}.
     *
     * @return how many chunks were claimed (their columns are in the {@code claimed*} arrays), or -1 when the
     *         completion was refused
     */
    public int completeAndClaim(long id, int attempt, String worker, String result, String exploration,
                                Duration lease) throws SQLException {
        Instant now = truncate(Instant.now());
        beginImmediate.execute();
        try {
            int completed = completeInTransaction(id, attempt, worker, result, now);
            int claimed = claimInTransaction(exploration, worker, 1, now, lease);
            commit.execute();
            return completed == 1 ? claimed : -1;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    private int claimInTransaction(String exploration, String worker, int max, Instant now, Duration lease)
            throws SQLException {
        desiredState.setString(1, exploration);
        String desired;
        try (ResultSet rs = desiredState.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no exploration " + exploration);
            }
            desired = rs.getString(1);
        }
        int claimed = 0;
        if ("running".equals(desired)) {
            claim.setString(1, worker);
            claim.setString(2, timestamp(now));
            claim.setString(3, timestamp(truncate(now.plus(lease))));
            claim.setString(4, exploration);
            claim.setInt(5, max);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    claimedIds[claimed] = rs.getLong(1);
                    claimedIndexes[claimed] = rs.getInt(2);
                    claimedFirsts[claimed] = rs.getLong(3);
                    claimedCounts[claimed] = rs.getLong(4);
                    claimedAttempts[claimed] = rs.getInt(5);
                    claimed++;
                }
            }
        }
        return claimed;
    }

    private int completeInTransaction(long id, int attempt, String worker, String result, Instant now)
            throws SQLException {
        complete.setString(1, timestamp(now));
        complete.setString(2, result);
        complete.setLong(3, id);
        complete.setInt(4, attempt);
        complete.setString(5, worker);
        return complete.executeUpdate();
    }

    /** One complete transaction: {@code BEGIN IMMEDIATE}, the fenced {@code UPDATE}, {@code COMMIT}. */
    public int complete(long id, int attempt, String worker, String result) throws SQLException {
        Instant now = truncate(Instant.now());
        beginImmediate.execute();
        try {
            int changed = completeInTransaction(id, attempt, worker, result, now);
            commit.execute();
            return changed;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /**
     * The database step of Stop as the library runs it: in one {@code BEGIN IMMEDIATE} transaction, set the desired
     * state, reset every running chunk to pending, count the pending ones.
     *
     * @return {reset, pending after}
     */
    public long[] resetRunning(String exploration, String desired) throws SQLException {
        beginImmediate.execute();
        try {
            setDesiredState.setString(1, desired);
            setDesiredState.setString(2, exploration);
            if (setDesiredState.executeUpdate() != 1) {
                throw new IllegalStateException("no exploration " + exploration);
            }
            resetRunning.setString(1, exploration);
            int reset = resetRunning.executeUpdate();
            countPending.setString(1, exploration);
            long pending;
            try (ResultSet rs = countPending.executeQuery()) {
                rs.next();
                pending = rs.getLong(1);
            }
            commit.execute();
            return new long[]{reset, pending};
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /** {@link #STATUS_BY_HAND}: chunks per status, in the order pending, running, completed, failed. */
    public long[] statusByHand(String exploration) throws SQLException {
        long[] counts = new long[4];
        statusByHand.setString(1, exploration);
        try (ResultSet rs = statusByHand.executeQuery()) {
            while (rs.next()) {
                String status = rs.getString(1);
                long count = rs.getLong(2);
                switch (status) {
                    case "pending" -> counts[0] = count;
                    case "running" -> counts[1] = count;
                    case "completed" -> counts[2] = count;
                    case "failed" -> counts[3] = count;
                    default -> throw new IllegalStateException("unknown status " + status);
                }
            }
        }
        return counts;
    }

    private void rollbackAfter(Exception cause) {
        try {
            rollback.execute();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
