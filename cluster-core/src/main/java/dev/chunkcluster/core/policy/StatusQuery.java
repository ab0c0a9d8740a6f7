package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.core.status.Health;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/** Reads an exploration's status: the four states from the counts, progress, and health. */
public final class StatusQuery {

    private final ChunkStore store;
    private final ProcessController processes;

    private StatusQuery(ChunkStore store, ProcessController processes) {
        this.store = Objects.requireNonNull(store, "store");
        this.processes = processes;
    }

    /** Health from leases only. */
    public static StatusQuery leasesOnly(ChunkStore store) {
        return new StatusQuery(store, null);
    }

    /** Health from leases and from whether any tracked local process is alive. */
    public static StatusQuery withProcesses(ChunkStore store, ProcessController processes) {
        return new StatusQuery(store, Objects.requireNonNull(processes, "processes"));
    }

    /**
     * The status of {@code exploration}, from one store snapshot and, with processes, their live count.
     *
     * @throws dev.chunkcluster.core.error.ExplorationNotFoundException if the store does not hold it
     * @throws dev.chunkcluster.core.error.ChunkClusterException if the store or the process controller fails
     */
    public ClusterStatus status(String exploration) {
        Integer live = processes == null ? null : processes.listLive(exploration).size();
        return status(store.snapshot(exploration), live);
    }

    /** The status from a snapshot and, where known, the number of live tracked processes (else null). */
    public static ClusterStatus status(ExplorationSnapshot snapshot, @Nullable Integer liveProcesses) {
        Health health = Health.of(snapshot.counts().running(), snapshot.expiredLeases(), liveProcesses);
        return ClusterStatus.of(snapshot.spec().name(), snapshot.desired(), snapshot.counts(), snapshot.progress(),
                health);
    }
}
