package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationConflictException;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.error.StoreBusyException;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.ExpiryResult;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.core.port.ResetResult;
import dev.chunkcluster.core.status.ChunkCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link SqliteChunkStore}: one connection per store, used by one thread at a time, with every statement written
 * with jOOQ at build time, read from {@link ChunkSql} and prepared once. Every write runs in {@code BEGIN IMMEDIATE},
 * so it holds SQLite's write lock from its first read and never fails half-way for a lock; reads that need a
 * consistent view run in a deferred transaction, which in WAL mode blocks no writer.
 */
final class JooqSqliteChunkStore implements SqliteChunkStore {

    private static final Logger log = LoggerFactory.getLogger(JooqSqliteChunkStore.class);

    private enum Tx { NONE, READ, WRITE }

    /** A unit of work on the connection; {@link #run} supplies the transaction, retries and error translation. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** The explorations row, without its name. */
    private record ExplorationRow(long total, long chunkSize, int maxFailures, DesiredState desired) {

        ExplorationSpec spec(String name) {
            return new ExplorationSpec(name, total, chunkSize, maxFailures);
        }
    }

    private final Path path;
    private final SqliteOptions options;
    private final Clock clock;
    private final long busyTimeoutNanos;
    private final ChunkSql sql = ChunkSql.SQLITE;
    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final Map<RenderedSql, PreparedStatement> prepared = new IdentityHashMap<>();
    private boolean closed;

    private JooqSqliteChunkStore(Path path, SqliteOptions options, Connection connection) {
        this.path = path;
        this.options = options;
        this.clock = options.clock();
        this.busyTimeoutNanos = options.busyTimeout().toNanos();
        this.connection = connection;
    }

    static SqliteChunkStore open(Path database, SqliteOptions options) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(options, "options");
        Path path = database.toAbsolutePath().normalize();
        StoreFileCheck.check(path);
        JooqSqliteChunkStore store = new JooqSqliteChunkStore(path, options, connect(path, options));
        try {
            int from = store.prepareSchema();
            log.info("opened SQLite chunk store {} (schema v{}{}, journal_mode=wal, synchronous=NORMAL, "
                            + "busy_timeout {} ms, max busy retries {})", path, Schema.LATEST_VERSION,
                    from == Schema.LATEST_VERSION ? "" : ", migrated from v" + from,
                    options.busyTimeout().toMillis(), options.maxBusyRetries());
            return store;
        } catch (RuntimeException | Error e) {
            store.closeAfterFailedOpen(e);
            if (SqliteErrors.isNotADatabase(e)) {
                StoreFileCheck.requireSqliteHeader(path);
            }
            throw e;
        }
    }

    private static Connection connect(Path path, SqliteOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        // The store never asks for generated keys; with this on, the driver matches every statement it runs
        // against a regular expression to find out whether it is an INSERT.
        config.setGetGeneratedKeys(false);
        try {
            return config.createConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            if (SqliteErrors.isNotADatabase(e)) {
                StoreFileCheck.requireSqliteHeader(path);
            }
            throw SqliteErrors.translate(e, path, "open", options.busyTimeout());
        }
    }

    /** Refuses what is not ours, switches to WAL and migrates; returns the version the file had. */
    private int prepareSchema() {
        // One read transaction, so that a process migrating the file at the same moment is seen either not at all
        // or complete: its new tables are never mistaken for another program's.
        int found = run(Tx.READ, () -> "read schema version", this::knownVersion);
        run(Tx.NONE, () -> "switch to WAL", () -> {
            String mode = pragma("PRAGMA journal_mode");
            if (!"wal".equalsIgnoreCase(mode)) {
                mode = pragma("PRAGMA journal_mode=WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    log.warn("SQLite chunk store {}: the file system refused WAL, journal_mode stays {}; readers "
                            + "will wait for writers", path, mode);
                }
            }
            return mode;
        });
        if (found == Schema.LATEST_VERSION) {
            return found;
        }
        int migratedFrom = run(Tx.WRITE, () -> "migrate schema", () -> {
            int version = knownVersion();
            for (int next = version + 1; next <= Schema.LATEST_VERSION; next++) {
                try (Statement statement = connection.createStatement()) {
                    for (String ddl : Schema.upgradeTo(next)) {
                        statement.executeUpdate(ddl);
                    }
                    statement.executeUpdate("PRAGMA user_version = " + next);
                }
            }
            return version;
        });
        if (migratedFrom < Schema.LATEST_VERSION) {
            log.info("SQLite chunk store {}: schema migrated from v{} to v{}", path, migratedFrom,
                    Schema.LATEST_VERSION);
        }
        return migratedFrom;
    }

    /** The file's schema version, refused if it is newer than this library or not ChunkCluster's at all. */
    private int knownVersion() throws SQLException {
        int version = userVersion();
        requireKnownVersion(version);
        if (version == 0) {
            refuseForeignTables();
        }
        return version;
    }

    private int userVersion() throws SQLException {
        return Integer.parseInt(pragma("PRAGMA user_version"));
    }

    private void requireKnownVersion(int version) {
        if (version > Schema.LATEST_VERSION) {
            throw new IncompatibleStoreException("SQLite database " + path + " has schema version " + version
                    + ", newer than version " + Schema.LATEST_VERSION + " that this ChunkCluster library knows: a "
                    + "newer ChunkCluster wrote it. Nothing was changed. Use a ChunkCluster release that knows schema "
                    + "version " + version + ", or give this one another database path");
        }
    }

    private void refuseForeignTables() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (tables.next()) {
                String table = tables.getString(1);
                if (Schema.TABLES.contains(table.toLowerCase(java.util.Locale.ROOT))) {
                    throw new IncompatibleStoreException("SQLite database " + path + " already has a table '" + table
                            + "' but no ChunkCluster schema version (PRAGMA user_version is 0): it was made by "
                            + "another program, and ChunkCluster will not change it. Nothing was changed. Give "
                            + "ChunkCluster its own database file, or move that table out of this one");
                }
            }
        }
    }

    private String pragma(String pragma) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(pragma)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    // --- explorations -----------------------------------------------------------------------------------------------

    @Override
    public boolean createExploration(ExplorationSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String name = spec.name();
        long started = System.nanoTime();
        boolean created = run(Tx.WRITE, () -> "create exploration '" + name + "'", () -> {
            Optional<ExplorationRow> existing = readExploration(name);
            if (existing.isPresent()) {
                ExplorationSpec stored = existing.get().spec(name);
                if (!stored.equals(spec)) {
                    throw new ExplorationConflictException(stored, spec);
                }
                return false;
            }
            PreparedStatement insert = statement(sql.insertExploration);
            insert.setString(1, name);
            insert.setLong(2, spec.totalCombinations());
            insert.setLong(3, spec.chunkSize());
            insert.setInt(4, spec.maxFailures());
            insert.setString(5, Timestamps.format(now()));
            insert.executeUpdate();
            insertChunks(spec);
            return true;
        });
        if (created) {
            log.info("exploration '{}': created {} pending chunks ({}) in {} ms", name, spec.chunkCount(),
                    spec.describe(), (System.nanoTime() - started) / 1_000_000);
        } else {
            log.info("exploration '{}': already exists with the same settings ({}); resuming it", name,
                    spec.describe());
        }
        return created;
    }

    private void insertChunks(ExplorationSpec spec) throws SQLException {
        PreparedStatement insert = statement(sql.insertChunks);
        insert.setLong(1, spec.chunkCount());
        insert.setString(2, spec.name());
        insert.setLong(3, spec.chunkSize());
        insert.setLong(4, spec.chunkSize());
        insert.setLong(5, spec.totalCombinations());
        insert.setLong(6, spec.chunkSize());
        int inserted = insert.executeUpdate();
        if (inserted != spec.chunkCount()) {
            throw new IllegalStateException("exploration '" + spec.name() + "': inserted " + inserted + " chunks, not "
                    + spec.chunkCount());
        }
    }

    @Override
    public Optional<ExplorationSpec> exploration(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return run(Tx.NONE, () -> "read exploration '" + exploration + "'",
                () -> readExploration(exploration).map(row -> row.spec(exploration)));
    }

    @Override
    public DesiredState desiredState(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return run(Tx.NONE, () -> "read the desired state of exploration '" + exploration + "'",
                () -> requireDesiredState(exploration));
    }

    @Override
    public void setDesiredState(String exploration, DesiredState desired) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(desired, "desired");
        run(Tx.WRITE, () -> "set the desired state of exploration '" + exploration + "'", () -> {
            updateDesiredState(exploration, desired);
            return null;
        });
        log.info("exploration '{}': desired state set to {}", exploration, desired.dbValue());
    }

    private void updateDesiredState(String exploration, DesiredState desired) throws SQLException {
        PreparedStatement update = statement(sql.setDesiredState);
        update.setString(1, desired.dbValue());
        update.setString(2, exploration);
        if (update.executeUpdate() == 0) {
            throw new ExplorationNotFoundException(exploration);
        }
    }

    private Optional<ExplorationRow> readExploration(String name) throws SQLException {
        PreparedStatement select = statement(sql.explorationByName);
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String desired = rs.getString(4);
            try {
                return Optional.of(new ExplorationRow(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                        DesiredState.fromDbValue(desired)));
            } catch (IllegalArgumentException e) {
                throw new IncompatibleStoreException("SQLite database " + path + ": exploration '" + name
                        + "' has values this library cannot read (" + e.getMessage() + "); fix the explorations "
                        + "row by hand", e);
            }
        }
    }

    /** The desired state alone: what a claim reads first, so it reads nothing more. */
    private DesiredState requireDesiredState(String name) throws SQLException {
        PreparedStatement select = statement(sql.desiredStateByName);
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new ExplorationNotFoundException(name);
            }
            String desired = rs.getString(1);
            try {
                return DesiredState.fromDbValue(desired);
            } catch (IllegalArgumentException e) {
                throw new IncompatibleStoreException("SQLite database " + path + ": exploration '" + name
                        + "' has values this library cannot read (" + e.getMessage() + "); fix the explorations "
                        + "row by hand", e);
            }
        }
    }

    private ExplorationRow requireExploration(String name) throws SQLException {
        return readExploration(name).orElseThrow(() -> new ExplorationNotFoundException(name));
    }

    // --- claims and fenced operations -------------------------------------------------------------------------------

    @Override
    public Optional<Lease> claim(String exploration, String worker, Duration lease) {
        List<Lease> leases = claimUpTo(exploration, worker, 1, lease);
        return leases.isEmpty() ? Optional.empty() : Optional.of(leases.get(0));
    }

    @Override
    public List<Lease> claimBatch(String exploration, String worker, int max, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("batch claim needs max >= 1; got " + max);
        }
        List<Lease> leases = claimUpTo(exploration, worker, max, lease);
        if (leases.size() > 1) {
            leases.sort(Comparator.comparingInt(l -> l.range().index()));
        }
        return Collections.unmodifiableList(leases);
    }

    /** Claims in one transaction; returns a modifiable list, empty when the exploration is stopped or drained. */
    private List<Lease> claimUpTo(String exploration, String worker, int max, Duration lease) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(worker, "worker");
        LeaseTimes times = leaseTimes(lease);
        List<Lease> leases = run(Tx.WRITE, () -> "claim chunks of exploration '" + exploration + "' for " + worker,
                () -> claimInTransaction(exploration, worker, max, times));
        return logClaimed(exploration, worker, leases);
    }

    /** When a lease taken now runs out, as the store writes both. */
    private record LeaseTimes(String now, Instant expiresAt, String expires) {
    }

    private LeaseTimes leaseTimes(Duration lease) {
        requirePositive(lease);
        Instant now = now();
        Instant expiresAt = Timestamps.truncate(now.plus(lease));
        return new LeaseTimes(Timestamps.format(now), expiresAt, Timestamps.format(expiresAt));
    }

    /** The claim's statements, inside a write transaction; null when the exploration is stopped. */
    private List<Lease> claimInTransaction(String exploration, String worker, int max, LeaseTimes times)
            throws SQLException {
        if (requireDesiredState(exploration) == DesiredState.STOPPED) {
            return null;
        }
        PreparedStatement claim = statement(sql.claim);
        claim.setString(1, worker);
        claim.setString(2, times.now());
        claim.setString(3, times.expires());
        claim.setString(4, exploration);
        claim.setInt(5, max);
        List<Lease> claimed = new ArrayList<>(Math.min(max, 16));
        try (ResultSet rs = claim.executeQuery()) {
            while (rs.next()) {
                claimed.add(new Lease(new LeaseToken(rs.getLong(1), rs.getInt(5), worker), exploration,
                        new ChunkRange(rs.getInt(2), rs.getLong(3), rs.getLong(4)), times.expiresAt()));
            }
        }
        return claimed;
    }

    /** Logs a claim's outcome; returns the leases as a modifiable list (empty when {@code leases} is null). */
    private static List<Lease> logClaimed(String exploration, String worker, List<Lease> leases) {
        if (leases == null) {
            log.debug("exploration '{}': {} claims nothing: the exploration is stopped", exploration, worker);
            return new ArrayList<>(0);
        }
        if (log.isDebugEnabled()) {
            for (Lease claimed : leases) {
                log.debug("exploration '{}': claimed {} (index {}) until {}", exploration, claimed.token(),
                        claimed.range().index(), claimed.expiresAt());
            }
        }
        return leases;
    }

    @Override
    public LeaseResult renew(LeaseToken token, long tested, Duration lease) {
        Objects.requireNonNull(token, "token");
        requirePositive(lease);
        String expiresAt = Timestamps.format(Timestamps.truncate(now().plus(lease)));
        int changed = run(Tx.WRITE, () -> "renew the lease of " + token, () -> {
            PreparedStatement renew = statement(sql.renew);
            renew.setString(1, expiresAt);
            renew.setLong(2, Math.max(0, tested));
            bindFence(renew, 3, token);
            return renew.executeUpdate();
        });
        return fenced("renew", token, changed);
    }

    @Override
    public LeaseResult complete(LeaseToken token, String result) {
        Objects.requireNonNull(token, "token");
        String now = Timestamps.format(now());
        int changed = run(Tx.WRITE, () -> "complete " + token, () -> completeInTransaction(token, result, now));
        return fenced("complete", token, changed);
    }

    /**
     * One write transaction: the fenced completion, then the claim of the next chunk whatever the completion's outcome
     * (refused while the exploration is stopped, as any claim).
     */
    @Override
    public CompletionAndClaim completeAndClaim(LeaseToken token, String result, String exploration, Duration lease) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(exploration, "exploration");
        LeaseTimes times = leaseTimes(lease);
        CompletedThenClaimed done = run(Tx.WRITE, () -> "complete " + token + " and claim the next chunk of "
                + "exploration '" + exploration + "'", () -> {
                    int changed = completeInTransaction(token, result, times.now());
                    return new CompletedThenClaimed(changed,
                            claimInTransaction(exploration, token.worker(), 1, times));
                });
        LeaseResult completion = fenced("complete", token, done.changed());
        List<Lease> next = logClaimed(exploration, token.worker(), done.claimed());
        return new CompletionAndClaim(completion, next.isEmpty() ? Optional.empty() : Optional.of(next.get(0)));
    }

    /** Rows changed by the completion, and the claim's leases (null when the exploration is stopped). */
    private record CompletedThenClaimed(int changed, List<Lease> claimed) {
    }

    private int completeInTransaction(LeaseToken token, String result, String now) throws SQLException {
        PreparedStatement complete = statement(sql.complete);
        complete.setString(1, now);
        complete.setString(2, result);
        bindFence(complete, 3, token);
        return complete.executeUpdate();
    }

    @Override
    public LeaseResult fail(LeaseToken token, String error) {
        Objects.requireNonNull(token, "token");
        String now = Timestamps.format(now());
        String[] outcome = run(Tx.WRITE, () -> "record the failure of " + token, () -> {
            PreparedStatement fail = statement(sql.fail);
            fail.setString(1, now);
            fail.setString(2, error);
            bindFence(fail, 3, token);
            try (ResultSet rs = fail.executeQuery()) {
                return rs.next() ? new String[]{rs.getString(1), rs.getString(2), rs.getString(3)} : null;
            }
        });
        if (outcome == null) {
            return fenced("fail", token, 0);
        }
        if (ChunkStatus.FAILED.dbValue().equals(outcome[1])) {
            log.info("exploration '{}': chunk {} failed for good after {} failures; last error: {}", outcome[0],
                    token.chunkId(), outcome[2], error);
        } else {
            log.debug("exploration '{}': {} failed ({} failures so far), back to pending: {}", outcome[0], token,
                    outcome[2], error);
        }
        return LeaseResult.APPLIED;
    }

    @Override
    public LeaseResult release(LeaseToken token) {
        Objects.requireNonNull(token, "token");
        int changed = run(Tx.WRITE, () -> "release " + token, () -> {
            PreparedStatement release = statement(sql.release);
            bindFence(release, 1, token);
            return release.executeUpdate();
        });
        return fenced("release", token, changed);
    }

    private static void bindFence(PreparedStatement statement, int first, LeaseToken token) throws SQLException {
        statement.setLong(first, token.chunkId());
        statement.setInt(first + 1, token.attempt());
        statement.setString(first + 2, token.worker());
    }

    private static LeaseResult fenced(String action, LeaseToken token, int changed) {
        if (changed == 0) {
            log.debug("{} of {} refused: the token is stale (reset, expired or claimed again)", action, token);
            return LeaseResult.STALE;
        }
        log.debug("{} of {} applied", action, token);
        return LeaseResult.APPLIED;
    }

    // --- resets -----------------------------------------------------------------------------------------------------

    @Override
    public ResetResult resetRunning(String exploration, DesiredState desired) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(desired, "desired");
        ResetResult result = run(Tx.WRITE, () -> "set the desired state of exploration '" + exploration
                + "' to " + desired.dbValue() + " and reset its running chunks", () -> {
            updateDesiredState(exploration, desired);
            return resetAllRunning(exploration);
        });
        log.info("exploration '{}': desired state {}; reset {} running chunks to pending (pending now {})",
                exploration, desired.dbValue(), result.reset(), result.pendingAfter());
        return result;
    }

    @Override
    public ResetResult resetOrphaned(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        ResetResult result = run(Tx.WRITE, () -> "reset the orphaned chunks of exploration '" + exploration + "'",
                () -> {
                    requireExploration(exploration);
                    return resetAllRunning(exploration);
                });
        log.info("exploration '{}': reset {} orphaned running chunks to pending (pending now {})", exploration,
                result.reset(), result.pendingAfter());
        return result;
    }

    private ResetResult resetAllRunning(String exploration) throws SQLException {
        PreparedStatement reset = statement(sql.resetRunning);
        reset.setString(1, exploration);
        int changed = reset.executeUpdate();
        PreparedStatement count = statement(sql.countPending);
        count.setString(1, exploration);
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return new ResetResult(changed, rs.getLong(1));
        }
    }

    @Override
    public ExpiryResult resetExpiredLeases(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        String now = Timestamps.format(now());
        ExpiryResult result = run(Tx.WRITE, () -> "reset the expired leases of exploration '" + exploration + "'",
                () -> {
                    int maxFailures = requireExploration(exploration).maxFailures();
                    PreparedStatement toFailed = statement(sql.expireToFailed);
                    toFailed.setString(1, now);
                    toFailed.setString(2, exploration);
                    toFailed.setString(3, now);
                    toFailed.setInt(4, maxFailures);
                    int failed = toFailed.executeUpdate();
                    PreparedStatement toPending = statement(sql.expireToPending);
                    toPending.setString(1, exploration);
                    toPending.setString(2, now);
                    int requeued = toPending.executeUpdate();
                    return new ExpiryResult(requeued, failed);
                });
        if (result.total() > 0) {
            log.info("exploration '{}': {} running chunks had an expired lease: {} back to pending, {} failed for "
                    + "good", exploration, result.total(), result.requeued(), result.failed());
        } else {
            log.debug("exploration '{}': no expired lease", exploration);
        }
        return result;
    }

    @Override
    public long retryFailed(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        int retried = run(Tx.WRITE, () -> "retry the failed chunks of exploration '" + exploration + "'", () -> {
            requireExploration(exploration);
            PreparedStatement retry = statement(sql.retryFailed);
            retry.setString(1, exploration);
            return retry.executeUpdate();
        });
        log.info("exploration '{}': put {} failed chunks back to pending with fresh tries", exploration, retried);
        return retried;
    }

    // --- reads ------------------------------------------------------------------------------------------------------

    @Override
    public ExplorationSnapshot snapshot(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        String now = Timestamps.format(now());
        return run(Tx.READ, () -> "read the status of exploration '" + exploration + "'", () -> {
            ExplorationRow row = requireExploration(exploration);
            ExplorationSpec spec = row.spec(exploration);
            long pending = countInStatus(exploration, ChunkStatus.PENDING);
            long completed = countInStatus(exploration, ChunkStatus.COMPLETED);
            long failed = countInStatus(exploration, ChunkStatus.FAILED);
            PreparedStatement progress = statement(sql.runningProgress);
            progress.setString(1, now);
            progress.setString(2, exploration);
            long running;
            long tested;
            long expired;
            try (ResultSet rs = progress.executeQuery()) {
                rs.next();
                running = rs.getLong(1);
                tested = rs.getLong(2);
                expired = rs.getLong(3);
            }
            tested += completed * spec.chunkSize();
            int last = spec.chunkCount() - 1;
            long shortfall = spec.chunkSize() - spec.range(last).count();
            if (shortfall > 0 && completed > 0 && isCompleted(exploration, last)) {
                tested -= shortfall;
            }
            ChunkCounts chunkCounts = ChunkCounts.of(pending, running, completed, failed);
            return new ExplorationSnapshot(spec, row.desired(), chunkCounts, tested, expired);
        });
    }

    private long countInStatus(String exploration, ChunkStatus status) throws SQLException {
        PreparedStatement count = statement(sql.countInStatus);
        count.setString(1, exploration);
        count.setString(2, status.dbValue());
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean isCompleted(String exploration, int index) throws SQLException {
        PreparedStatement completed = statement(sql.completedAtIndex);
        completed.setString(1, exploration);
        completed.setInt(2, index);
        try (ResultSet rs = completed.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @Override
    public List<Chunk> chunks(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return run(Tx.READ, () -> "read the chunks of exploration '" + exploration + "'", () -> {
            requireExploration(exploration);
            PreparedStatement select = statement(sql.chunksOf);
            select.setString(1, exploration);
            List<Chunk> chunks = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    chunks.add(readChunk(rs));
                }
            }
            return List.copyOf(chunks);
        });
    }

    @Override
    public Optional<Chunk> chunk(long chunkId) {
        return run(Tx.NONE, () -> "read chunk " + chunkId, () -> {
            PreparedStatement select = statement(sql.chunkById);
            select.setLong(1, chunkId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(readChunk(rs)) : Optional.empty();
            }
        });
    }

    /** A row of the chunk columns that {@code chunksOf} and {@code chunkById} select, in their order. */
    private Chunk readChunk(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        try {
            return new Chunk(id, rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                    ChunkStatus.fromDbValue(rs.getString(6)), rs.getString(7), Timestamps.parse(rs.getString(8)),
                    rs.getInt(9), Timestamps.parse(rs.getString(10)), rs.getInt(11), rs.getLong(12),
                    Timestamps.parse(rs.getString(13)), rs.getString(14), rs.getString(15));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IncompatibleStoreException("SQLite database " + path + ": chunk " + id + " has a value this "
                    + "library cannot read (" + e.getMessage() + "); timestamps must look like "
                    + "2026-11-29T09:40:00.000Z. Fix the row by hand", e);
        }
    }

    private ChunkStatus status(String value, String exploration) {
        try {
            return ChunkStatus.fromDbValue(value);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleStoreException("SQLite database " + path + ": exploration '" + exploration
                    + "' has chunks with " + e.getMessage() + ". Fix those rows by hand", e);
        }
    }

    // --- maintenance ------------------------------------------------------------------------------------------------

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void checkpoint() {
        long[] outcome = run(Tx.NONE, () -> "checkpoint the WAL", () -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        });
        if (outcome[0] != 0) {
            throw new StoreBusyException("SQLite database " + path + ": the WAL checkpoint could not finish within the "
                    + "busy timeout of " + options.busyTimeout().toMillis() + " ms because other connections were "
                    + "reading or writing (" + outcome[2] + " of " + outcome[1] + " WAL frames copied). Nothing is "
                    + "lost; run the checkpoint again when the cluster is idle", null);
        }
        log.info("SQLite chunk store {}: checkpoint copied {} WAL frames into the database and truncated the WAL",
                path, outcome[2]);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            SQLException failure = closeConnection();
            if (failure != null) {
                throw SqliteErrors.translate(failure, path, "close", options.busyTimeout());
            }
            log.info("closed SQLite chunk store {}", path);
        } finally {
            lock.unlock();
        }
    }

    private void closeAfterFailedOpen(Throwable cause) {
        lock.lock();
        try {
            closed = true;
            SQLException failure = closeConnection();
            if (failure != null) {
                cause.addSuppressed(failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes every statement and the connection; returns the first failure, if any. */
    private SQLException closeConnection() {
        SQLException failure = closeStatements();
        try {
            connection.close();
        } catch (SQLException e) {
            failure = first(failure, e);
        }
        return failure;
    }

    private static SQLException first(SQLException failure, SQLException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    @Override
    public String toString() {
        return "SqliteChunkStore[" + path + "]";
    }

    // --- execution --------------------------------------------------------------------------------------------------

    /**
     * Runs {@code work} under the store's lock in a transaction of the given kind. A busy database is retried up to
     * {@link SqliteOptions#maxBusyRetries()} times while the busy timeout lasts, then reported; any failure rolls the
     * transaction back, and SQL errors leave as core exceptions naming the path and {@code operation}.
     */
    private <T> T run(Tx tx, Supplier<String> operation, Work<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new StoreUnavailableException("SQLite database " + path + ": cannot " + operation.get()
                        + ": the store is closed. Open it again (SqliteChunkStore.open)");
            }
            long deadline = System.nanoTime() + busyTimeoutNanos;
            for (int retry = 0; ; retry++) {
                boolean begun = false;
                try {
                    if (tx != Tx.NONE) {
                        statement(tx == Tx.WRITE ? sql.beginImmediate : sql.beginRead).execute();
                        begun = true;
                    }
                    T result = work.run();
                    if (begun) {
                        statement(sql.commit).execute();
                    }
                    return result;
                } catch (SQLException e) {
                    if (!SqliteErrors.isBusy(e)) {
                        // sqlite-jdbc may have closed statements of the failed transaction (a COMMIT on a full disk
                        // does): prepare them anew, so the store goes on once the cause is gone.
                        forgetStatements(e);
                    }
                    if (begun) {
                        rollback(e);
                    }
                    if (SqliteErrors.isBusy(e) && retry < options.maxBusyRetries() && System.nanoTime() < deadline) {
                        log.debug("SQLite chunk store {}: {} found the database busy, trying again ({} of {}): {}",
                                path, operation.get(), retry + 1, options.maxBusyRetries(), e.getMessage());
                        continue;
                    }
                    throw SqliteErrors.translate(e, path, operation.get(), options.busyTimeout());
                } catch (RuntimeException | Error e) {
                    if (begun) {
                        rollback(e);
                    }
                    throw e;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void forgetStatements(Throwable cause) {
        SQLException failure = closeStatements();
        if (failure != null) {
            cause.addSuppressed(failure);
        }
    }

    /** Closes and forgets every cached statement; returns the first failure, if any. */
    private SQLException closeStatements() {
        SQLException failure = null;
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                failure = first(failure, e);
            }
        }
        prepared.clear();
        return failure;
    }

    private void rollback(Throwable cause) {
        try {
            statement(sql.rollback).execute();
        } catch (SQLException e) {
            // SQLite rolls back by itself after some errors (disk full, I/O); then there is nothing left to undo.
            if (!SqliteErrors.isNoTransaction(e)) {
                cause.addSuppressed(e);
            }
        }
    }

    private PreparedStatement statement(RenderedSql rendered) throws SQLException {
        PreparedStatement statement = prepared.get(rendered);
        if (statement == null) {
            statement = connection.prepareStatement(rendered.sql());
            prepared.put(rendered, statement);
        }
        return statement;
    }

    private Instant now() {
        return Timestamps.truncate(clock.instant());
    }

    private static void requirePositive(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("a lease must last at least 1 ms; got " + lease);
        }
    }
}
