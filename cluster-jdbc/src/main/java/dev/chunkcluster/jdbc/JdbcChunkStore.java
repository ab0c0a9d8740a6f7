package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationConflictException;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.Completion;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.ExpiryResult;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.ResetResult;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.jdbc.ChunkRows.ExplorationRow;
import dev.chunkcluster.jdbc.JdbcRunner.Tx;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link ChunkStore} operations on JDBC, the same for every database: each operation is one unit of work of the
 * {@link JdbcRunner}, running the statements of {@link ChunkStatements} and reading rows with {@link ChunkRows}. An
 * adapter extends it with how it opens its database, its schema and what it adds to the port.
 *
 * <p>Writes that read first (a claim reads the desired state, a creation the existing row) run in a write transaction:
 * on SQLite it holds the write lock from the first read. On PostgreSQL a claim, and a completion with the next claim,
 * are one autocommitted statement ({@code claimInOne}, {@code completeAndClaimInOne}) whose first step locks the
 * exploration's row ({@code FOR SHARE}), so a Stop that sets the desired state waits for claims in flight and later
 * claims see it.
 *
 * <p>Long because it implements the whole port, one short method per operation; the transaction runner, the statements
 * and the row mapping live in their own classes.
 */
public abstract class JdbcChunkStore implements ChunkStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcChunkStore.class);

    private final JdbcRunner runner;
    private final ChunkStatements sql;
    private final StoreClock clock;
    private final ChunkRows rows;
    /** Where PostgreSQL's claims start looking; SQLite's claims do not use it. */
    private final QueueHeads heads = new QueueHeads(System::nanoTime);

    protected JdbcChunkStore(JdbcRunner runner, ChunkStatements sql, StoreClock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rows = new ChunkRows(runner.database().describe());
    }

    protected final JdbcRunner runner() {
        return runner;
    }

    private NodeRegistry nodes;

    /** The registry of this store's nodes, on the same database, statements and clock. */
    public final synchronized NodeRegistry nodes() {
        if (nodes == null) {
            nodes = new JdbcNodeRegistry(runner, sql, clock, nodeSignals());
        }
        return nodes;
    }

    /** How this store's node registry wakes listening nodes; by default it cannot, and they poll. */
    protected NodeSignals nodeSignals() {
        return NodeSignals.POLLING;
    }

    // --- explorations -----------------------------------------------------------------------------------------------

    @Override
    public boolean createExploration(ExplorationSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String name = spec.name();
        long started = System.nanoTime();
        boolean created = runner.run(Tx.WRITE, () -> "create exploration '" + name + "'", session -> {
            Optional<ExplorationRow> existing = readExploration(session, name);
            if (existing.isPresent()) {
                ExplorationSpec stored = existing.get().spec(name);
                if (!stored.equals(spec)) {
                    throw new ExplorationConflictException(stored, spec);
                }
                return false;
            }
            session.prepare(sql.insertExploration)
                    .set("name", name)
                    .set("total", spec.totalCombinations())
                    .set("chunkSize", spec.chunkSize())
                    .set("maxFailures", spec.maxFailures())
                    .set("now", Timestamps.format(now(session)))
                    .executeUpdate();
            int inserted = session.prepare(sql.insertChunks)
                    .set("chunks", (long) spec.chunkCount())
                    .set("exploration", name)
                    .set("chunkSize", spec.chunkSize())
                    .set("total", spec.totalCombinations())
                    .executeUpdate();
            if (inserted != spec.chunkCount()) {
                throw new IllegalStateException("exploration '" + name + "': inserted " + inserted + " chunks, not "
                        + spec.chunkCount());
            }
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

    @Override
    public Optional<ExplorationSpec> exploration(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return runner.run(Tx.NONE, () -> "read exploration '" + exploration + "'",
                session -> readExploration(session, exploration).map(row -> row.spec(exploration)));
    }

    @Override
    public DesiredState desiredState(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return runner.run(Tx.NONE, () -> "read the desired state of exploration '" + exploration + "'",
                session -> requireDesiredState(session, exploration));
    }

    @Override
    public void setDesiredState(String exploration, DesiredState desired) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(desired, "desired");
        runner.run(Tx.WRITE, () -> "set the desired state of exploration '" + exploration + "'", session -> {
            updateDesiredState(session, exploration, desired);
            return null;
        });
        log.info("exploration '{}': desired state set to {}", exploration, desired.dbValue());
    }

    private void updateDesiredState(Session session, String exploration, DesiredState desired) throws SQLException {
        int changed = session.prepare(sql.setDesiredState)
                .set("desired", desired.dbValue())
                .set("name", exploration)
                .executeUpdate();
        if (changed == 0) {
            throw new ExplorationNotFoundException(exploration);
        }
    }

    private Optional<ExplorationRow> readExploration(Session session, String name) throws SQLException {
        try (ResultSet rs = session.prepare(sql.explorationByName).set("name", name).executeQuery()) {
            return rs.next() ? Optional.of(rows.exploration(rs, name)) : Optional.empty();
        }
    }

    /** The desired state alone: what a claim reads first, so it reads nothing more. */
    private DesiredState requireDesiredState(Session session, String name) throws SQLException {
        try (ResultSet rs = session.prepare(sql.desiredStateByName).set("name", name).executeQuery()) {
            if (!rs.next()) {
                throw new ExplorationNotFoundException(name);
            }
            return rows.desired(rs.getString(1), name);
        }
    }

    private ExplorationRow requireExploration(Session session, String name) throws SQLException {
        return readExploration(session, name).orElseThrow(() -> new ExplorationNotFoundException(name));
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
        requirePositive(lease);
        Supplier<String> operation = () -> "claim chunks of exploration '" + exploration + "' for " + worker;
        List<Lease> leases;
        if (sql.claimInOne != null) {
            int from = heads.from(exploration);
            leases = runner.run(Tx.NONE, operation, session -> inOneStatement(session,
                    sql.claimInOneOf.getOrDefault(max, sql.claimInOne), null, null, exploration, worker, max, lease,
                    from).claimed());
            heads.claimed(exploration, from, leases);
        } else {
            leases = runner.run(Tx.WRITE, operation, session -> claimInTransaction(session, exploration, worker, max,
                    leaseTimes(session, lease)));
        }
        return logClaimed(exploration, worker, leases);
    }

    /**
     * A claim of chunks from index {@code from} on, after the completion of {@code token} when it is given, as the
     * one statement {@code statement} (PostgreSQL's), which reads the desired state and the database's clock itself.
     */
    private CompletedThenClaimed inOneStatement(Session session, SqlStatement statement, @Nullable LeaseToken token,
                                                @Nullable String result, String exploration, String worker, int max,
                                                Duration lease, int from) throws SQLException {
        NamedStatement claim = session.prepare(statement)
                .set("exploration", exploration)
                .set("worker", worker)
                .set("leaseMillis", lease.toMillis())
                .set("from", from);
        if (statement == sql.claimInOne) {
            claim.set("limit", max); // the others have their limit written in
        }
        if (clock.inDatabase()) {
            claim.set("now", (String) null).set("leaseExpiresAt", (String) null);
        } else {
            LeaseTimes times = leaseTimes(session, lease);
            claim.set("now", times.now()).set("leaseExpiresAt", times.expires());
        }
        if (token != null) {
            claim.set("id", token.chunkId()).set("attempt", token.attempt()).set("result", result);
        }
        DesiredState desired = null;
        int completed = 0;
        List<Lease> claimed = new ArrayList<>(Math.min(max, 16));
        try (ResultSet rs = claim.executeQuery()) {
            while (rs.next()) {
                desired = rows.desired(rs.getString("desired_state"), exploration);
                completed = rs.getInt("completed");
                String expires = rs.getString("lease_expires_at");
                if (expires != null) {
                    claimed.add(ChunkRows.lease(rs, exploration, worker, Timestamps.parse(expires)));
                }
            }
        }
        if (desired == null) {
            throw new ExplorationNotFoundException(exploration);
        }
        return new CompletedThenClaimed(completed, desired == DesiredState.STOPPED ? null : claimed);
    }

    /** When a lease taken now runs out, as the store writes both. */
    private record LeaseTimes(String now, Instant expiresAt, String expires) {
    }

    private LeaseTimes leaseTimes(Session session, Duration lease) throws SQLException {
        Instant now = now(session);
        Instant expiresAt = Timestamps.truncate(now.plus(lease));
        return new LeaseTimes(Timestamps.format(now), expiresAt, Timestamps.format(expiresAt));
    }

    /** The claim's statements, inside a write transaction; null when the exploration is stopped. */
    private List<Lease> claimInTransaction(Session session, String exploration, String worker, int max,
                                           LeaseTimes times) throws SQLException {
        if (requireDesiredState(session, exploration) == DesiredState.STOPPED) {
            return null;
        }
        NamedStatement claim = session.prepare(sql.claim)
                .set("worker", worker)
                .set("now", times.now())
                .set("leaseExpiresAt", times.expires())
                .set("exploration", exploration)
                .set("limit", max);
        List<Lease> claimed = new ArrayList<>(Math.min(max, 16));
        try (ResultSet rs = claim.executeQuery()) {
            while (rs.next()) {
                claimed.add(ChunkRows.lease(rs, exploration, worker, times.expiresAt()));
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
        int changed = runner.run(Tx.WRITE, () -> "renew the lease of " + token, session ->
                fence(session.prepare(sql.renew), token)
                        .set("leaseExpiresAt", leaseTimes(session, lease).expires())
                        .set("tested", Math.max(0, tested))
                        .executeUpdate());
        return fenced("renew", token, changed);
    }

    @Override
    public LeaseResult complete(LeaseToken token, String result) {
        Objects.requireNonNull(token, "token");
        int changed = runner.run(Tx.WRITE, () -> "complete " + token,
                session -> completeInTransaction(session, token, result, Timestamps.format(now(session))));
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
        requirePositive(lease);
        Supplier<String> operation = () -> "complete " + token + " and claim the next chunk of exploration '"
                + exploration + "'";
        CompletedThenClaimed done;
        if (sql.completeAndClaimInOne != null) {
            int from = heads.from(exploration);
            done = runner.run(Tx.NONE, operation, session -> inOneStatement(session, sql.completeAndClaimInOne, token,
                    result, exploration, token.worker(), 1, lease, from));
            heads.claimed(exploration, from, done.claimed());
        } else {
            done = runner.run(Tx.WRITE, operation, session -> {
                LeaseTimes times = leaseTimes(session, lease);
                int changed = completeInTransaction(session, token, result, times.now());
                return new CompletedThenClaimed(changed,
                        claimInTransaction(session, exploration, token.worker(), 1, times));
            });
        }
        LeaseResult completion = fenced("complete", token, done.changed());
        List<Lease> next = logClaimed(exploration, token.worker(), done.claimed());
        return new CompletionAndClaim(completion, next.isEmpty() ? Optional.empty() : Optional.of(next.get(0)));
    }

    /**
     * Each completion is fenced by its own token, so a stale one changes no row and the others are recorded: on
     * PostgreSQL one statement for all ({@code completeAllInOne}), elsewhere one write transaction that sends the
     * completion statement as one JDBC batch.
     */
    @Override
    public List<LeaseResult> completeAll(List<Completion> completions) {
        Objects.requireNonNull(completions, "completions");
        if (completions.isEmpty()) {
            return List.of();
        }
        Supplier<String> operation = () -> "complete " + completions.size() + " chunks";
        if (sql.completeAllInOne != null) {
            Set<LeaseToken> applied = runner.run(Tx.NONE, operation, session -> completeAllInOne(session,
                    completions));
            List<LeaseResult> outcomes = new ArrayList<>(completions.size());
            for (Completion completion : completions) {
                // A token given twice is applied once: the second finds it gone from the set.
                outcomes.add(fenced("complete", completion.token(), applied.remove(completion.token()) ? 1 : 0));
            }
            return Collections.unmodifiableList(outcomes);
        }
        int[] changed = runner.run(Tx.WRITE, operation, session -> {
            String now = Timestamps.format(now(session));
            NamedStatement complete = session.prepare(sql.complete);
            for (Completion completion : completions) {
                fence(complete, completion.token()).set("now", now).set("result", completion.result()).addBatch();
            }
            return complete.executeBatch();
        });
        if (changed.length != completions.size()) {
            throw new IllegalStateException("the database answered " + changed.length + " row counts for "
                    + completions.size() + " completions");
        }
        List<LeaseResult> outcomes = new ArrayList<>(changed.length);
        for (int i = 0; i < changed.length; i++) {
            outcomes.add(fenced("complete", completions.get(i).token(), changed[i]));
        }
        return Collections.unmodifiableList(outcomes);
    }

    /**
     * The tokens whose chunks {@code completeAllInOne} completed. A token given more than once is sent once, with its
     * first result: an UPDATE joined to two rows for one chunk would take either.
     */
    private Set<LeaseToken> completeAllInOne(Session session, List<Completion> completions) throws SQLException {
        Map<LeaseToken, String> first = new LinkedHashMap<>();
        for (Completion completion : completions) {
            first.putIfAbsent(completion.token(), completion.result());
        }
        int n = first.size();
        long[] ids = new long[n];
        int[] attempts = new int[n];
        String[] workers = new String[n];
        String[] results = new String[n];
        int i = 0;
        for (Map.Entry<LeaseToken, String> completion : first.entrySet()) {
            LeaseToken token = completion.getKey();
            ids[i] = token.chunkId();
            attempts[i] = token.attempt();
            workers[i] = token.worker();
            results[i] = completion.getValue();
            i++;
        }
        NamedStatement complete = session.prepare(sql.completeAllInOne)
                .set("now", clock.inDatabase() ? null : Timestamps.format(now(session)))
                .setArray("ids", ids)
                .setArray("attempts", attempts)
                .setArray("workers", workers)
                .setArray("results", results);
        Set<LeaseToken> applied = new HashSet<>();
        try (ResultSet rs = complete.executeQuery()) {
            while (rs.next()) {
                applied.add(new LeaseToken(rs.getLong("id"), rs.getInt("attempt"), rs.getString("assigned_worker")));
            }
        }
        return applied;
    }

    /** Rows changed by the completion, and the claim's leases (null when the exploration is stopped). */
    private record CompletedThenClaimed(int changed, @Nullable List<Lease> claimed) {
    }

    private int completeInTransaction(Session session, LeaseToken token, String result, String now)
            throws SQLException {
        return fence(session.prepare(sql.complete), token)
                .set("now", now)
                .set("result", result)
                .executeUpdate();
    }

    /** The failure's outcome: the exploration and the chunk's status and failures after it. */
    private record FailOutcome(String exploration, String status, int failures) {
    }

    @Override
    public LeaseResult fail(LeaseToken token, String error) {
        Objects.requireNonNull(token, "token");
        FailOutcome outcome = runner.run(Tx.WRITE, () -> "record the failure of " + token, session -> {
            NamedStatement fail = fence(session.prepare(sql.fail), token)
                    .set("now", Timestamps.format(now(session)))
                    .set("error", error);
            try (ResultSet rs = fail.executeQuery()) {
                return rs.next() ? new FailOutcome(rs.getString("exploration"), rs.getString("status"),
                        rs.getInt("failures")) : null;
            }
        });
        if (outcome == null) {
            return fenced("fail", token, 0);
        }
        heads.requeued(outcome.exploration());
        if (ChunkStatus.FAILED.dbValue().equals(outcome.status())) {
            log.info("exploration '{}': chunk {} failed for good after {} failures; last error: {}",
                    outcome.exploration(), token.chunkId(), outcome.failures(), error);
        } else {
            log.debug("exploration '{}': {} failed ({} failures so far), back to pending: {}", outcome.exploration(),
                    token, outcome.failures(), error);
        }
        return LeaseResult.APPLIED;
    }

    @Override
    public LeaseResult release(LeaseToken token) {
        Objects.requireNonNull(token, "token");
        int changed = runner.run(Tx.WRITE, () -> "release " + token,
                session -> fence(session.prepare(sql.release), token).executeUpdate());
        if (changed > 0) {
            heads.requeuedAny();
        }
        return fenced("release", token, changed);
    }

    /** Binds the fencing token: the write applies only while the chunk runs under this attempt and worker. */
    private static NamedStatement fence(NamedStatement statement, LeaseToken token) throws SQLException {
        return statement.set("id", token.chunkId()).set("attempt", token.attempt()).set("worker", token.worker());
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
        ResetResult result = runner.run(Tx.WRITE, () -> "set the desired state of exploration '" + exploration
                + "' to " + desired.dbValue() + " and reset its running chunks", session -> {
                    updateDesiredState(session, exploration, desired);
                    return resetAllRunning(session, exploration);
                });
        heads.requeued(exploration);
        log.info("exploration '{}': desired state {}; reset {} running chunks to pending (pending now {})",
                exploration, desired.dbValue(), result.reset(), result.pendingAfter());
        return result;
    }

    @Override
    public ResetResult resetOrphaned(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        ResetResult result = runner.run(Tx.WRITE, () -> "reset the orphaned chunks of exploration '" + exploration
                + "'", session -> {
                    requireExploration(session, exploration);
                    return resetAllRunning(session, exploration);
                });
        heads.requeued(exploration);
        log.info("exploration '{}': reset {} orphaned running chunks to pending (pending now {})", exploration,
                result.reset(), result.pendingAfter());
        return result;
    }

    private ResetResult resetAllRunning(Session session, String exploration) throws SQLException {
        int changed;
        if (sql.startCountsMove != null && sql.moveRunningCountsToPending != null && sql.endCountsMove != null) {
            // SQLite: the counts move in one step, not two counter updates per chunk (a fifth of a large reset)
            session.prepare(sql.startCountsMove).set("exploration", exploration).executeUpdate();
            changed = session.prepare(sql.resetRunning).set("exploration", exploration).executeUpdate();
            session.prepare(sql.moveRunningCountsToPending).set("moved", changed).set("exploration", exploration)
                    .executeUpdate();
            session.prepare(sql.endCountsMove).set("exploration", exploration).executeUpdate();
        } else {
            changed = session.prepare(sql.resetRunning).set("exploration", exploration).executeUpdate();
        }
        try (ResultSet rs = session.prepare(sql.countPending).set("exploration", exploration).executeQuery()) {
            rs.next();
            return new ResetResult(changed, rs.getLong(1));
        }
    }

    @Override
    public ExpiryResult resetExpiredLeases(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        ExpiryResult result = runner.run(Tx.WRITE, () -> "reset the expired leases of exploration '" + exploration
                + "'", session -> {
                    int maxFailures = requireExploration(session, exploration).maxFailures();
                    String now = Timestamps.format(now(session));
                    int failed = session.prepare(sql.expireToFailed)
                            .set("now", now)
                            .set("exploration", exploration)
                            .set("maxFailures", maxFailures)
                            .executeUpdate();
                    int requeued = session.prepare(sql.expireToPending)
                            .set("exploration", exploration)
                            .set("now", now)
                            .executeUpdate();
                    return new ExpiryResult(requeued, failed);
                });
        if (result.requeued() > 0) {
            heads.requeued(exploration);
        }
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
        int retried = runner.run(Tx.WRITE, () -> "retry the failed chunks of exploration '" + exploration + "'",
                session -> {
                    requireExploration(session, exploration);
                    return session.prepare(sql.retryFailed).set("exploration", exploration).executeUpdate();
                });
        if (retried > 0) {
            heads.requeued(exploration);
        }
        log.info("exploration '{}': put {} failed chunks back to pending with fresh tries", exploration, retried);
        return retried;
    }

    // --- reads ------------------------------------------------------------------------------------------------------

    /**
     * Every count in one read transaction, so they add up to the chunk count even while workers run: the status counts
     * and the running chunks' progress from the counts table, expired leases from the index of running chunks.
     */
    @Override
    public ExplorationSnapshot snapshot(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return runner.run(Tx.READ, () -> "read the status of exploration '" + exploration + "'", session -> {
            ExplorationRow row = requireExploration(session, exploration);
            ExplorationSpec spec = row.spec(exploration);
            long[] counts = new long[ChunkStatus.values().length];
            long tested = 0;
            try (ResultSet rs = session.prepare(sql.countsByStatus).set("exploration", exploration).executeQuery()) {
                while (rs.next()) {
                    ChunkStatus status = rows.status(rs.getString(1), exploration);
                    counts[status.ordinal()] = rs.getLong(2);
                    if (status == ChunkStatus.RUNNING) {
                        tested = rs.getLong(3);
                    }
                }
            }
            long pending = counts[ChunkStatus.PENDING.ordinal()];
            long running = counts[ChunkStatus.RUNNING.ordinal()];
            long completed = counts[ChunkStatus.COMPLETED.ordinal()];
            long failed = counts[ChunkStatus.FAILED.ordinal()];
            long expired;
            try (ResultSet rs = session.prepare(sql.countExpired)
                    .set("now", Timestamps.format(now(session)))
                    .set("exploration", exploration)
                    .executeQuery()) {
                rs.next();
                expired = rs.getLong(1);
            }
            // Completed chunks count whole: every chunk is full but perhaps the last.
            tested += completed * spec.chunkSize();
            int last = spec.chunkCount() - 1;
            long shortfall = spec.chunkSize() - spec.range(last).count();
            if (shortfall > 0 && completed > 0 && isCompleted(session, exploration, last)) {
                tested -= shortfall;
            }
            ChunkCounts chunkCounts = ChunkCounts.of(pending, running, completed, failed);
            return new ExplorationSnapshot(spec, row.desired(), chunkCounts, tested, expired);
        });
    }

    private boolean isCompleted(Session session, String exploration, int index) throws SQLException {
        try (ResultSet rs = session.prepare(sql.completedAtIndex)
                .set("exploration", exploration)
                .set("idx", index)
                .executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Chunks one page of {@link #forEachChunk} reads. */
    static final int PAGE = 1000;

    @Override
    public void forEachChunk(String exploration, Consumer<? super Chunk> action) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(action, "action");
        forEachPage(exploration, "", sql.chunkPage, statement -> statement, action);
    }

    @Override
    public void forEachChunk(String exploration, ChunkStatus status, Consumer<? super Chunk> action) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(action, "action");
        forEachPage(exploration, status.dbValue() + " ", sql.chunkPageOfStatus,
                statement -> statement.set("status", status.dbValue()), action);
    }

    @FunctionalInterface
    private interface Filter {
        NamedStatement bind(NamedStatement statement) throws SQLException;
    }

    /**
     * A page at a time, each page one read found through the unique index by the last index seen; no transaction is
     * open while the action runs.
     */
    private void forEachPage(String exploration, String which, SqlStatement page, Filter filter,
                             Consumer<? super Chunk> action) {
        int after = -1;
        while (true) {
            int from = after;
            List<Chunk> chunks = runner.run(Tx.READ, () -> "read the " + which + "chunks of exploration '"
                    + exploration + "' after index " + from, session -> {
                        if (from < 0) {
                            requireExploration(session, exploration);
                        }
                        List<Chunk> read = new ArrayList<>(PAGE);
                        try (ResultSet rs = filter.bind(session.prepare(page))
                                .set("exploration", exploration)
                                .set("afterIdx", from)
                                .set("limit", PAGE)
                                .executeQuery()) {
                            while (rs.next()) {
                                read.add(rows.chunk(rs));
                            }
                        }
                        return read;
                    });
            chunks.forEach(action);
            if (chunks.size() < PAGE) {
                return;
            }
            after = chunks.get(chunks.size() - 1).index();
        }
    }

    @Override
    public Optional<Chunk> chunk(long chunkId) {
        return runner.run(Tx.NONE, () -> "read chunk " + chunkId, session -> {
            try (ResultSet rs = session.prepare(sql.chunkById).set("id", chunkId).executeQuery()) {
                return rs.next() ? Optional.of(rows.chunk(rs)) : Optional.empty();
            }
        });
    }

    private Instant now(Session session) throws SQLException {
        return Timestamps.truncate(clock.now(session));
    }

    private static void requirePositive(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("a lease must last at least 1 ms; got " + lease);
        }
    }
}
