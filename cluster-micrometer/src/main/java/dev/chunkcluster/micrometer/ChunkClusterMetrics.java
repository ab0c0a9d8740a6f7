package dev.chunkcluster.micrometer;

import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkAbandoned;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkClaimed;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkCompleted;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkFailed;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunksReset;
import dev.chunkcluster.core.event.ChunkClusterEvent.LeasesExpired;
import dev.chunkcluster.core.event.ChunkClusterEvent.StopFinished;
import dev.chunkcluster.core.event.ChunkClusterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import static dev.chunkcluster.micrometer.ChunkClusterMeters.EXPLORATION;

/**
 * Counts and times the events of any number of explorations into a {@link MeterRegistry}: register it as a listener
 * on the worker loop, the supervisor, Stop, Start and the health check. The meters are listed in
 * {@link ChunkClusterMeters}; each is tagged with the event's exploration and created on its first event.
 */
public final class ChunkClusterMetrics implements ChunkClusterListener {

    private final MeterRegistry registry;

    private ChunkClusterMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * A listener that records into {@code registry}.
     *
     * @throws NullPointerException if {@code registry} is null
     */
    public static ChunkClusterMetrics recordingTo(MeterRegistry registry) {
        return new ChunkClusterMetrics(registry);
    }

    @Override
    public void onChunkClaimed(ChunkClaimed event) {
        count(ChunkClusterMeters.CLAIMS, "Chunks claimed by workers", event.exploration(), 1);
    }

    @Override
    public void onChunkCompleted(ChunkCompleted event) {
        count(ChunkClusterMeters.COMPLETIONS, "Chunk results recorded", event.exploration(), 1);
        chunkDuration(event.exploration(), "completed", event.duration());
    }

    @Override
    public void onChunkFailed(ChunkFailed event) {
        count(ChunkClusterMeters.FAILURES, "Chunk failures recorded", event.exploration(), 1);
        chunkDuration(event.exploration(), "failed", event.duration());
    }

    @Override
    public void onChunkAbandoned(ChunkAbandoned event) {
        count(ChunkClusterMeters.ABANDONED, "Chunks given up without a result (lease lost, shutdown)",
                event.exploration(), 1);
    }

    @Override
    public void onLeasesExpired(LeasesExpired event) {
        Counter.builder(ChunkClusterMeters.EXPIRIES).description("Running chunks whose lease expired")
                .tags(EXPLORATION, event.exploration(), ChunkClusterMeters.OUTCOME, "requeued")
                .register(registry).increment(event.requeued());
        Counter.builder(ChunkClusterMeters.EXPIRIES).description("Running chunks whose lease expired")
                .tags(EXPLORATION, event.exploration(), ChunkClusterMeters.OUTCOME, "failed")
                .register(registry).increment(event.failed());
    }

    @Override
    public void onChunksReset(ChunksReset event) {
        Counter.builder(ChunkClusterMeters.RESETS).description("Running chunks reset to pending without a failure")
                .tags(EXPLORATION, event.exploration(),
                        ChunkClusterMeters.CAUSE, event.cause().name().toLowerCase(Locale.ROOT))
                .register(registry).increment(event.reset());
    }

    @Override
    public void onStopFinished(StopFinished event) {
        stopStep(event.exploration(), "database", event.databaseStep());
        stopStep(event.exploration(), "processes", event.processStep());
    }

    private void count(String name, String description, String exploration, double amount) {
        Counter.builder(name).description(description).tag(EXPLORATION, exploration).register(registry)
                .increment(amount);
    }

    private void chunkDuration(String exploration, String outcome, Duration duration) {
        Timer.builder(ChunkClusterMeters.CHUNK_DURATION).description("From a chunk's claim to its handler's end")
                .tags(EXPLORATION, exploration, ChunkClusterMeters.OUTCOME, outcome)
                .register(registry).record(duration);
    }

    private void stopStep(String exploration, String step, Duration duration) {
        Timer.builder(ChunkClusterMeters.STOP_DURATION).description("One step of a Stop")
                .tags(EXPLORATION, exploration, ChunkClusterMeters.STEP, step)
                .register(registry).record(duration);
    }
}
