package dev.chunkcluster.testkit;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.error.ExplorationNotFoundException;
import dev.chunkcluster.core.port.Announcements;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.NodeIdentity;
import dev.chunkcluster.core.port.NodeRecord;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.NodeState;
import dev.chunkcluster.core.port.ProcessStopOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link NodeRegistry} in memory beside a {@link ChunkStore} (usually an {@link InMemoryChunkStore}), reading
 * times from a clock the test moves. Announcements reach the subscriptions of this instance at once. Thread-safe.
 * Passes {@link NodeRegistryContract}.
 */
public final class InMemoryNodeRegistry implements NodeRegistry {

    private final ChunkStore chunks;
    private final Clock clock;
    private final Map<Long, Row> rows = new TreeMap<>();
    private final Map<String, Long> announced = new LinkedHashMap<>();
    private long nextId = 1;

    private record Row(NodeIdentity identity, Instant startedAt, Instant heartbeatAt, Duration lease, NodeState state,
                       int workers,
                       ProcessStopOutcome.Kind stopOutcome, Instant stopOutcomeAt) {
    }

    /**
     * Nodes of the explorations of {@code chunks}, timed by {@code clock}.
     *
     * @throws NullPointerException if an argument is null
     */
    public InMemoryNodeRegistry(ChunkStore chunks, Clock clock) {
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized NodeRecord register(NodeIdentity identity, NodeState state, int workers,
                                          Duration lease) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(state, "state");
        Duration kept = Duration.ofMillis(NodeRegistry.leaseMillis(lease));
        if (chunks.exploration(identity.exploration()).isEmpty()) {
            throw new ExplorationNotFoundException(identity.exploration());
        }
        Instant now = now();
        long id = nextId++;
        Row row = new Row(identity, now, now, kept, state, workers, null, null);
        rows.put(id, row);
        return record(id, row, now);
    }

    @Override
    public synchronized boolean heartbeat(long nodeId, NodeState state, int workers) {
        Objects.requireNonNull(state, "state");
        Row row = rows.get(nodeId);
        if (row == null) {
            return false;
        }
        rows.put(nodeId, new Row(row.identity(), row.startedAt(), now(), row.lease(), state, workers, row.stopOutcome(),
                row.stopOutcomeAt()));
        return true;
    }

    @Override
    public synchronized boolean recordStop(long nodeId, ProcessStopOutcome.Kind outcome) {
        Objects.requireNonNull(outcome, "outcome");
        Row row = rows.get(nodeId);
        if (row == null) {
            return false;
        }
        Instant now = now();
        rows.put(nodeId, new Row(row.identity(), row.startedAt(), now, row.lease(), row.state(), row.workers(), outcome, now));
        return true;
    }

    @Override
    public synchronized List<NodeRecord> nodes(String exploration) {
        requireExploration(exploration);
        Instant now = now();
        List<NodeRecord> found = new ArrayList<>();
        rows.forEach((id, row) -> {
            if (row.identity().exploration().equals(exploration)) {
                found.add(record(id, row, now));
            }
        });
        return found;
    }

    @Override
    public synchronized long pruneSilent(String exploration, Duration keep) {
        requireExploration(exploration);
        Instant before = now().minus(keep);
        long pruned = rows.values().stream().filter(r -> r.identity().exploration().equals(exploration)
                && r.heartbeatAt().isBefore(before)).count();
        rows.values().removeIf(r -> r.identity().exploration().equals(exploration)
                && r.heartbeatAt().isBefore(before));
        return pruned;
    }

    @Override
    public Map<String, Long> runningChunksByWorker(String exploration) {
        Map<String, Long> byWorker = new TreeMap<>();
        chunks.forEachChunk(exploration, ChunkStatus.RUNNING, chunk -> {
            if (chunk.assignedWorker() != null) {
                byWorker.merge(chunk.assignedWorker(), 1L, Long::sum);
            }
        });
        return byWorker;
    }

    @Override
    public synchronized void announce(String exploration) {
        announced.merge(exploration, 1L, Long::sum);
        notifyAll();
    }

    @Override
    public Announcements listen(String exploration) {
        long[] seen = {announcements(exploration)};
        return new Announcements() {
            @Override
            public boolean await(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                synchronized (InMemoryNodeRegistry.this) {
                    while (announcements(exploration) == seen[0]) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        InMemoryNodeRegistry.this.wait(Math.max(1, left / 1_000_000));
                    }
                    seen[0] = announcements(exploration);
                    return true;
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized long announcements(String exploration) {
        return announced.getOrDefault(exploration, 0L);
    }

    private void requireExploration(String exploration) {
        if (chunks.exploration(exploration).isEmpty()) {
            throw new ExplorationNotFoundException(exploration);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static NodeRecord record(long id, Row row, Instant now) {
        return new NodeRecord(id, row.identity(), row.startedAt(), row.heartbeatAt(),
                Duration.between(row.heartbeatAt(), now), row.lease(), row.state(), row.workers(), row.stopOutcome(),
                row.stopOutcomeAt());
    }
}
