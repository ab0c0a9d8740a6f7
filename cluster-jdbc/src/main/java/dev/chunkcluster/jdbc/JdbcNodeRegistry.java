package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.port.Announcements;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeRole;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.jdbc.JdbcRunner.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@link NodeRegistry} on the {@code nodes} table, with the statements, runner and clock of its chunk store: on
 * PostgreSQL every heartbeat and every age is the database's time.
 */
final class JdbcNodeRegistry implements NodeRegistry {

    private static final Logger log = LoggerFactory.getLogger(JdbcNodeRegistry.class);

    private final JdbcRunner runner;
    private final ChunkStatements sql;
    private final StoreClock clock;
    private final NodeSignals signals;

    JdbcNodeRegistry(JdbcRunner runner, ChunkStatements sql, StoreClock clock, NodeSignals signals) {
        this.runner = runner;
        this.sql = sql;
        this.clock = clock;
        this.signals = signals;
    }

    @Override
    public NodeRecord register(NodeIdentity identity, NodeState state, int workers, Duration lease) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(state, "state");
        long leaseMs = NodeRegistry.leaseMillis(lease);
        String exploration = identity.exploration();
        NodeRecord record = runner.run(Tx.WRITE, () -> "register " + identity + " for exploration '" + exploration
                + "'", session -> {
            requireExploration(session, exploration);
            Instant now = now(session);
            String processStartedAt = Timestamps.format(identity.processStartedAt());
            session.prepare(sql.insertNode)
                    .set("exploration", exploration)
                    .set("role", identity.role().dbValue())
                    .set("host", identity.host())
                    .set("bootId", identity.bootId())
                    .set("pid", identity.pid())
                    .set("processStartedAt", processStartedAt)
                    .set("now", Timestamps.format(now))
                    .set("state", state.dbValue())
                    .set("workers", workers)
                    .set("leaseMs", leaseMs)
                    .executeUpdate();
            long id;
            try (ResultSet rs = session.prepare(sql.lastNodeOf)
                    .set("exploration", exploration)
                    .set("host", identity.host())
                    .set("pid", identity.pid())
                    .set("processStartedAt", processStartedAt)
                    .executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            return new NodeRecord(id, identity, now, now, Duration.ZERO, Duration.ofMillis(leaseMs), state, workers, null, null);
        });
        log.info("exploration '{}': registered node {} as {} ({})", exploration, record.id(), identity,
                state.dbValue());
        return record;
    }

    @Override
    public boolean heartbeat(long nodeId, NodeState state, int workers) {
        Objects.requireNonNull(state, "state");
        return runner.run(Tx.WRITE, () -> "record a heartbeat of node " + nodeId, session ->
                session.prepare(sql.heartbeatNode)
                        .set("now", Timestamps.format(now(session)))
                        .set("state", state.dbValue())
                        .set("workers", workers)
                        .set("id", nodeId)
                        .executeUpdate() == 1);
    }

    @Override
    public boolean recordStop(long nodeId, ProcessStopOutcome.Kind outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return runner.run(Tx.WRITE, () -> "record the stop outcome of node " + nodeId, session ->
                session.prepare(sql.recordNodeStop)
                        .set("now", Timestamps.format(now(session)))
                        .set("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .set("id", nodeId)
                        .executeUpdate() == 1);
    }

    @Override
    public List<NodeRecord> nodes(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return runner.run(Tx.READ, () -> "read the nodes of exploration '" + exploration + "'", session -> {
            requireExploration(session, exploration);
            Instant now = now(session);
            List<NodeRecord> nodes = new ArrayList<>();
            try (ResultSet rs = session.prepare(sql.nodesOf).set("exploration", exploration).executeQuery()) {
                while (rs.next()) {
                    nodes.add(node(rs, exploration, now));
                }
            }
            return List.copyOf(nodes);
        });
    }

    @Override
    public long pruneSilent(String exploration, Duration keep) {
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(keep, "keep");
        long pruned = runner.run(Tx.WRITE, () -> "prune the silent nodes of exploration '" + exploration + "'",
                session -> {
                    requireExploration(session, exploration);
                    return (long) session.prepare(sql.pruneSilentNodes)
                            .set("exploration", exploration)
                            .set("before", Timestamps.format(now(session).minus(keep)))
                            .executeUpdate();
                });
        if (pruned > 0) {
            log.info("exploration '{}': pruned {} node rows silent for more than {} s", exploration, pruned,
                    keep.toSeconds());
        }
        return pruned;
    }

    @Override
    public Map<String, Long> runningChunksByWorker(String exploration) {
        Objects.requireNonNull(exploration, "exploration");
        return runner.run(Tx.READ, () -> "count the running chunks of exploration '" + exploration + "' by worker",
                session -> {
                    Map<String, Long> byWorker = new TreeMap<>();
                    try (ResultSet rs = session.prepare(sql.runningChunksByWorker)
                            .set("exploration", exploration).executeQuery()) {
                        while (rs.next()) {
                            byWorker.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    return byWorker;
                });
    }

    @Override
    public void announce(String exploration) {
        signals.announce(exploration);
    }

    @Override
    public Announcements listen(String exploration) {
        return signals.listen(exploration);
    }

    private void requireExploration(Session session, String exploration) throws SQLException {
        try (ResultSet rs = session.prepare(sql.explorationByName).set("name", exploration)
                .executeQuery()) {
            if (!rs.next()) {
                throw new ExplorationNotFoundException(exploration);
            }
        }
    }

    private Instant now(Session session) throws SQLException {
        return Timestamps.truncate(clock.now(session));
    }

    private static NodeRecord node(ResultSet rs, String exploration, Instant now) throws SQLException {
        NodeIdentity identity = new NodeIdentity(exploration, NodeRole.fromDbValue(rs.getString("role")),
                rs.getString("host"), rs.getString("boot_id"), rs.getLong("pid"),
                Timestamps.parse(rs.getString("process_started_at")));
        Instant heartbeatAt = Timestamps.parse(rs.getString("heartbeat_at"));
        String outcome = rs.getString("stop_outcome");
        return new NodeRecord(rs.getLong("id"), identity, Timestamps.parse(rs.getString("started_at")), heartbeatAt,
                Duration.between(heartbeatAt, now), Duration.ofMillis(rs.getLong("lease_ms")),
                NodeState.fromDbValue(rs.getString("state")),
                rs.getInt("workers"),
                outcome == null ? null : ProcessStopOutcome.Kind.valueOf(outcome.toUpperCase(Locale.ROOT)),
                Timestamps.parse(rs.getString("stop_outcome_at")));
    }
}
