package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.port.Lease;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueueHeadsTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final QueueHeads heads = new QueueHeads(nanos::get);

    private static List<Lease> leases(int... indexes) {
        return Arrays.stream(indexes).mapToObj(i -> new Lease(new LeaseToken(100 + i, 1, "w"), "sweep",
                new ChunkRange(i, i, 1), Instant.EPOCH)).toList();
    }

    @Test
    void aStoreThatClaimedNothingYetLooksFromTheStart() {
        assertEquals(0, heads.from("sweep"));
    }

    @Test
    void theNextClaimLooksPastTheLastChunkClaimed() {
        heads.claimed("sweep", 0, leases(7, 3, 5));
        assertEquals(8, heads.from("sweep"));
        heads.claimed("sweep", 8, leases(9));
        assertEquals(10, heads.from("sweep"));
        assertEquals(0, heads.from("other"), "explorations have heads of their own");
    }

    @Test
    void aClaimThatTookNothingLeavesTheHeadWhereItWas() {
        heads.claimed("sweep", 0, leases(4));
        heads.claimed("sweep", 5, List.of());
        assertEquals(5, heads.from("sweep"));
    }

    @Test
    void aClaimLooksFromTheStartOnceARescanIsDueCountedFromTheLastLookFromTheStart() {
        heads.claimed("sweep", 0, leases(4));
        nanos.addAndGet(QueueHeads.RESCAN.toNanos() - 1);
        heads.claimed("sweep", 5, leases(5)); // a claim past the head does not put the rescan off
        assertEquals(6, heads.from("sweep"));
        nanos.incrementAndGet();
        assertEquals(0, heads.from("sweep"));
        heads.claimed("sweep", 0, leases(6));
        assertEquals(7, heads.from("sweep"), "a look from the start puts the next rescan a full interval off");
    }

    @Test
    void aClaimPastTheHeadThatTookAChunkBelowItLookedFromTheStart() {
        heads.claimed("sweep", 0, leases(4));
        nanos.addAndGet(QueueHeads.RESCAN.toNanos() - 1);
        heads.claimed("sweep", 5, leases(2)); // nothing past 5: the statement looked from index 0
        assertEquals(3, heads.from("sweep"));
        nanos.incrementAndGet();
        assertEquals(3, heads.from("sweep"), "that look from the start puts the next rescan a full interval off");
    }

    @Test
    void aClaimOfAStoppedExplorationLeavesTheHeadWhereItWas() {
        heads.claimed("sweep", 0, leases(4));
        heads.claimed("sweep", 5, null);
        assertEquals(5, heads.from("sweep"));
    }

    @Test
    void chunksThisStorePutBackMakeTheNextClaimLookFromTheStart() {
        heads.claimed("sweep", 0, leases(4));
        heads.claimed("other", 0, leases(9));
        heads.requeued("sweep");
        assertEquals(0, heads.from("sweep"));
        assertEquals(10, heads.from("other"));
        heads.requeuedAny();
        assertEquals(0, heads.from("other"));
    }
}
