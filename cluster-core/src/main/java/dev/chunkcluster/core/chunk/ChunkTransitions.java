package dev.chunkcluster.core.chunk;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The chunk state machine as a table: for each status, the events it accepts and where they lead.
 *
 * <pre>
 * pending   claim     running
 * running   renew     running
 * running   complete  completed
 * running   fail      pending, or failed at maxFailures
 * running   expire    pending, or failed at maxFailures
 * running   reset     pending   (failures unchanged)
 * running   release   pending   (failures unchanged)
 * failed    retry     pending
 * </pre>
 *
 * {@code completed} accepts nothing: no committed result is ever changed.
 */
public final class ChunkTransitions {

    private static final Map<ChunkStatus, Map<ChunkEvent, Set<ChunkStatus>>> TABLE = new EnumMap<>(ChunkStatus.class);

    static {
        allow(ChunkStatus.PENDING, ChunkEvent.CLAIM, ChunkStatus.RUNNING);
        allow(ChunkStatus.RUNNING, ChunkEvent.RENEW, ChunkStatus.RUNNING);
        allow(ChunkStatus.RUNNING, ChunkEvent.COMPLETE, ChunkStatus.COMPLETED);
        allow(ChunkStatus.RUNNING, ChunkEvent.FAIL, ChunkStatus.PENDING, ChunkStatus.FAILED);
        allow(ChunkStatus.RUNNING, ChunkEvent.EXPIRE, ChunkStatus.PENDING, ChunkStatus.FAILED);
        allow(ChunkStatus.RUNNING, ChunkEvent.RESET, ChunkStatus.PENDING);
        allow(ChunkStatus.RUNNING, ChunkEvent.RELEASE, ChunkStatus.PENDING);
        allow(ChunkStatus.FAILED, ChunkEvent.RETRY, ChunkStatus.PENDING);
    }

    private ChunkTransitions() {
    }

    private static void allow(ChunkStatus from, ChunkEvent event, ChunkStatus first, ChunkStatus... more) {
        TABLE.computeIfAbsent(from, status -> new EnumMap<>(ChunkEvent.class)).put(event, EnumSet.of(first, more));
    }

    /** Whether {@code event} is accepted in status {@code from}. */
    public static boolean isAllowed(ChunkStatus from, ChunkEvent event) {
        return TABLE.getOrDefault(from, Map.of()).containsKey(event);
    }

    /** The events accepted in status {@code from}. */
    public static Set<ChunkEvent> eventsFrom(ChunkStatus from) {
        Map<ChunkEvent, Set<ChunkStatus>> row = TABLE.get(from);
        return row == null ? Set.of() : Set.copyOf(row.keySet());
    }

    /**
     * The status after {@code event}, or an {@link IllegalChunkTransitionException} naming chunk, from and event.
     *
     * @param failuresAfter the chunk's failure count after the event (only read for fail and expire)
     * @param maxFailures   failures at which a chunk becomes failed
     * @throws IllegalChunkTransitionException if {@code event} is not allowed in status {@code from}
     */
    public static ChunkStatus next(long chunkId, ChunkStatus from, ChunkEvent event, int failuresAfter, int maxFailures) {
        if (!isAllowed(from, event)) {
            throw new IllegalChunkTransitionException(chunkId, from, event);
        }
        return switch (event) {
            case CLAIM, RENEW -> ChunkStatus.RUNNING;
            case COMPLETE -> ChunkStatus.COMPLETED;
            case FAIL, EXPIRE -> failuresAfter >= maxFailures ? ChunkStatus.FAILED : ChunkStatus.PENDING;
            case RESET, RELEASE, RETRY -> ChunkStatus.PENDING;
        };
    }
}
