package dev.chunkcluster.micrometer;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

import static dev.chunkcluster.micrometer.ChunkClusterMeters.EXPLORATION;

/**
 * Gauges for one exploration, read when the registry is scraped: {@link ChunkClusterMeters#CHUNKS} per status from
 * the store and, {@linkplain #withProcesses with a process controller}, {@link ChunkClusterMeters#LIVE_PROCESSES}
 * per role. Each gauge reads the store (or lists the processes) once per scrape; a read that fails shows as NaN and
 * Micrometer logs it.
 */
public final class ChunkClusterGauges implements MeterBinder {

    private final ChunkStore store;
    private final String exploration;
    private final @Nullable ProcessController processes;

    private ChunkClusterGauges(ChunkStore store, String exploration, @Nullable ProcessController processes) {
        this.store = Objects.requireNonNull(store, "store");
        this.exploration = Objects.requireNonNull(exploration, "exploration");
        this.processes = processes;
    }

    /**
     * Gauges of {@code exploration}'s chunks in {@code store}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static ChunkClusterGauges of(ChunkStore store, String exploration) {
        return new ChunkClusterGauges(store, exploration, null);
    }

    /**
     * These gauges and, in addition, the live processes per role that {@code processes} tracks.
     *
     * @throws NullPointerException if {@code processes} is null
     */
    public ChunkClusterGauges withProcesses(ProcessController processes) {
        return new ChunkClusterGauges(store, exploration, Objects.requireNonNull(processes, "processes"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ChunkStatus status : ChunkStatus.values()) {
            Gauge.builder(ChunkClusterMeters.CHUNKS, this, gauges -> gauges.chunks(status))
                    .description("Chunks of the exploration in one status")
                    .tags(EXPLORATION, exploration, ChunkClusterMeters.STATUS, status.dbValue())
                    .strongReference(true)
                    .register(registry);
        }
        if (processes != null) {
            ProcessController tracked = processes;
            for (ProcessRole role : ProcessRole.values()) {
                Gauge.builder(ChunkClusterMeters.LIVE_PROCESSES, this, gauges -> gauges.live(tracked, role))
                        .description("Tracked processes of the exploration that are alive")
                        .tags(EXPLORATION, exploration, ChunkClusterMeters.ROLE, role.label())
                        .strongReference(true)
                        .register(registry);
            }
        }
    }

    private double chunks(ChunkStatus status) {
        return store.snapshot(exploration).counts().count(status);
    }

    private double live(ProcessController tracked, ProcessRole role) {
        return tracked.listLive(exploration).stream().filter(p -> p.role() == role).count();
    }
}
