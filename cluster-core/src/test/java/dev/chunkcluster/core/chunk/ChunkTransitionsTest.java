package dev.chunkcluster.core.chunk;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.chunkcluster.core.chunk.ChunkEvent.CLAIM;
import static dev.chunkcluster.core.chunk.ChunkEvent.COMPLETE;
import static dev.chunkcluster.core.chunk.ChunkEvent.EXPIRE;
import static dev.chunkcluster.core.chunk.ChunkEvent.FAIL;
import static dev.chunkcluster.core.chunk.ChunkEvent.RELEASE;
import static dev.chunkcluster.core.chunk.ChunkEvent.RENEW;
import static dev.chunkcluster.core.chunk.ChunkEvent.RESET;
import static dev.chunkcluster.core.chunk.ChunkEvent.RETRY;
import static dev.chunkcluster.core.chunk.ChunkStatus.COMPLETED;
import static dev.chunkcluster.core.chunk.ChunkStatus.FAILED;
import static dev.chunkcluster.core.chunk.ChunkStatus.PENDING;
import static dev.chunkcluster.core.chunk.ChunkStatus.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkTransitionsTest {

    /** The table of architecture.md §3, written out independently of the implementation. */
    private static final Map<ChunkStatus, Map<ChunkEvent, Set<ChunkStatus>>> EXPECTED = new EnumMap<>(Map.of(
            PENDING, Map.of(CLAIM, Set.of(RUNNING)),
            RUNNING, Map.of(
                    RENEW, Set.of(RUNNING),
                    COMPLETE, Set.of(COMPLETED),
                    FAIL, Set.of(PENDING, FAILED),
                    EXPIRE, Set.of(PENDING, FAILED),
                    RESET, Set.of(PENDING),
                    RELEASE, Set.of(PENDING)),
            COMPLETED, Map.of(),
            FAILED, Map.of(RETRY, Set.of(PENDING))));

    /** What {@code next} gives for the pair below and at the failure limit; empty when it is illegal. */
    private static Set<ChunkStatus> reachable(ChunkStatus from, ChunkEvent event) {
        if (!ChunkTransitions.isAllowed(from, event)) {
            return Set.of();
        }
        return Set.copyOf(List.of(ChunkTransitions.next(1, from, event, 0, 1),
                ChunkTransitions.next(1, from, event, 1, 1)));
    }

    @Test
    void everyStatusAndEventPairIsAsSpecified() {
        int pairs = 0;
        for (ChunkStatus from : ChunkStatus.values()) {
            for (ChunkEvent event : ChunkEvent.values()) {
                Set<ChunkStatus> expected = EXPECTED.get(from).getOrDefault(event, Set.of());
                assertEquals(expected, reachable(from, event), from + " by " + event);
                assertEquals(!expected.isEmpty(), ChunkTransitions.isAllowed(from, event), from + " by " + event);
                pairs++;
            }
        }
        assertEquals(32, pairs);
    }

    @Test
    void everyIllegalPairThrowsNamingChunkFromAndEvent() {
        int illegal = 0;
        for (ChunkStatus from : ChunkStatus.values()) {
            for (ChunkEvent event : ChunkEvent.values()) {
                if (EXPECTED.get(from).containsKey(event)) {
                    continue;
                }
                IllegalChunkTransitionException e = assertThrows(IllegalChunkTransitionException.class,
                        () -> ChunkTransitions.next(42, from, event, 0, 3));
                assertEquals(42, e.chunkId());
                assertEquals(from, e.from());
                assertEquals(event, e.event());
                assertTrue(e.getMessage().contains("chunk 42"), e.getMessage());
                assertTrue(e.getMessage().contains(from.dbValue()), e.getMessage());
                assertTrue(e.getMessage().contains(event.name().toLowerCase()), e.getMessage());
                illegal++;
            }
        }
        assertEquals(24, illegal);
    }

    @Test
    void completedAcceptsNoEventAtAll() {
        assertEquals(Set.of(), ChunkTransitions.eventsFrom(COMPLETED));
    }

    @Test
    void failAndExpireLeadToFailedAtMaxFailures() {
        assertEquals(PENDING, ChunkTransitions.next(1, RUNNING, FAIL, 2, 3));
        assertEquals(FAILED, ChunkTransitions.next(1, RUNNING, FAIL, 3, 3));
        assertEquals(PENDING, ChunkTransitions.next(1, RUNNING, EXPIRE, 1, 2));
        assertEquals(FAILED, ChunkTransitions.next(1, RUNNING, EXPIRE, 2, 2));
    }

    @Test
    void statusValuesAreLowerCaseForPeopleWhoQueryByHand() {
        assertEquals("pending", PENDING.dbValue());
        assertEquals(RUNNING, ChunkStatus.fromDbValue("running"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChunkStatus.fromDbValue("RUNNING"));
        assertTrue(e.getMessage().contains("'RUNNING'"), e.getMessage());
    }
}
