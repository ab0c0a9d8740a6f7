package dev.chunkcluster.micrometer;

/**
 * The names and tags of every meter this module registers; docs/metrics.md shows them as a table. Names follow
 * Micrometer's conventions (lower case, dot separated); each registry renders them its own way (Prometheus:
 * {@code chunkcluster_chunk_claims_total}). Every meter is tagged with {@link #EXPLORATION}.
 */
public final class ChunkClusterMeters {

    /** Gauge: chunks in one status; tagged {@link #STATUS}. */
    public static final String CHUNKS = "chunkcluster.chunks";
    /** Gauge: tracked processes alive; tagged {@link #ROLE}. */
    public static final String LIVE_PROCESSES = "chunkcluster.processes.live";
    /** Counter: chunks claimed by workers. */
    public static final String CLAIMS = "chunkcluster.chunk.claims";
    /** Counter: chunk results recorded. */
    public static final String COMPLETIONS = "chunkcluster.chunk.completions";
    /** Counter: chunk failures recorded (the handler threw). */
    public static final String FAILURES = "chunkcluster.chunk.failures";
    /** Counter: chunks a worker gave up without recording anything (lease lost, shutdown). */
    public static final String ABANDONED = "chunkcluster.chunk.abandoned";
    /** Counter: running chunks whose lease expired; tagged {@link #OUTCOME} {@code requeued} or {@code failed}. */
    public static final String EXPIRIES = "chunkcluster.lease.expiries";
    /** Counter: running chunks reset to pending without a failure; tagged {@link #CAUSE}. */
    public static final String RESETS = "chunkcluster.chunk.resets";
    /** Timer: from claim to the handler's end; tagged {@link #OUTCOME} {@code completed} or {@code failed}. */
    public static final String CHUNK_DURATION = "chunkcluster.chunk.duration";
    /** Timer: one step of a Stop; tagged {@link #STEP} {@code database} or {@code processes}. */
    public static final String STOP_DURATION = "chunkcluster.stop.duration";

    /** Tag: the exploration's name. */
    public static final String EXPLORATION = "exploration";
    /** Tag: a chunk status, lower case ({@code pending}, {@code running}, {@code completed}, {@code failed}). */
    public static final String STATUS = "status";
    /** Tag: a process role, lower case ({@code coordinator}, {@code worker}). */
    public static final String ROLE = "role";
    /** Tag: how something ended. */
    public static final String OUTCOME = "outcome";
    /** Tag: who reset chunks, lower case ({@code stop}, {@code start}, {@code health_check}). */
    public static final String CAUSE = "cause";
    /** Tag: the step of a Stop. */
    public static final String STEP = "step";

    private ChunkClusterMeters() {
    }
}
