package dev.chunkcluster.core.chunk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final Chunk pending = Chunk.pending(7, "sweep", new ChunkRange(2, 200, 100));

    @Test
    void claimStartsALeaseUnderTheNextAttempt() {
        Chunk running = pending.claim("w1", T0, LEASE);
        assertEquals(ChunkStatus.RUNNING, running.status());
        assertEquals(1, running.attempt());
        assertEquals("w1", running.assignedWorker());
        assertEquals(T0, running.startedAt());
        assertEquals(T0.plus(LEASE), running.leaseExpiresAt());
        assertEquals(new LeaseToken(7, 1, "w1"), running.leaseToken());
        assertTrue(running.isHeldBy(new LeaseToken(7, 1, "w1")));
        assertFalse(running.isHeldBy(new LeaseToken(7, 2, "w1")));
        assertFalse(running.isHeldBy(new LeaseToken(7, 1, "w2")));
    }

    @Test
    void leaseExpiresAtItsInstant() {
        Chunk running = pending.claim("w1", T0, LEASE);
        assertFalse(running.isLeaseExpired(T0.plus(LEASE).minusMillis(1)));
        assertTrue(running.isLeaseExpired(T0.plus(LEASE)));
        assertFalse(pending.isLeaseExpired(T0.plus(Duration.ofDays(1))));
    }

    @Test
    void renewClampsTestedToTheChunk() {
        Chunk running = pending.claim("w1", T0, LEASE);
        assertEquals(100, running.renew(T0, LEASE, 1_000).tested());
        assertEquals(0, running.renew(T0, LEASE, -5).tested());
        assertEquals(T0.plusSeconds(40), running.renew(T0.plusSeconds(10), LEASE, 1).leaseExpiresAt());
    }

    @Test
    void completeWritesTheResultAndCountsTheWholeChunk() {
        Chunk done = pending.claim("w1", T0, LEASE).complete(T0.plusSeconds(5), "r");
        assertEquals(ChunkStatus.COMPLETED, done.status());
        assertEquals("r", done.result());
        assertEquals(100, done.tested());
        assertEquals(T0.plusSeconds(5), done.finishedAt());
        assertNull(done.leaseToken());
    }

    @Test
    void completedNeverGoesBack() {
        Chunk done = pending.claim("w1", T0, LEASE).complete(T0, "r");
        assertThrows(IllegalChunkTransitionException.class, done::reset);
        assertThrows(IllegalChunkTransitionException.class, done::release);
        assertThrows(IllegalChunkTransitionException.class, done::retry);
        assertThrows(IllegalChunkTransitionException.class, () -> done.expire(T0, 3));
        assertThrows(IllegalChunkTransitionException.class, () -> done.fail(T0, "x", 3));
        assertThrows(IllegalChunkTransitionException.class, () -> done.claim("w2", T0, LEASE));
        assertThrows(IllegalChunkTransitionException.class, () -> done.complete(T0, "again"));
    }

    @Test
    void resetKeepsAttemptAndFailuresAndClearsTheLease() {
        Chunk failedOnce = pending.claim("w1", T0, LEASE).fail(T0, "boom", 3);
        Chunk reset = failedOnce.claim("w2", T0, LEASE).reset();
        assertEquals(ChunkStatus.PENDING, reset.status());
        assertEquals(2, reset.attempt());
        assertEquals(1, reset.failures());
        assertNull(reset.assignedWorker());
        assertNull(reset.startedAt());
        assertNull(reset.leaseExpiresAt());
    }

    @Test
    void releaseCountsNoFailure() {
        Chunk released = pending.claim("w1", T0, LEASE).release();
        assertEquals(ChunkStatus.PENDING, released.status());
        assertEquals(0, released.failures());
        assertEquals(1, released.attempt());
    }

    @Test
    void failuresAccumulateUntilFailedThenRetryGivesFreshTries() {
        Chunk chunk = pending;
        for (int i = 1; i <= 2; i++) {
            chunk = chunk.claim("w", T0, LEASE).fail(T0, "boom " + i, 3);
            assertEquals(ChunkStatus.PENDING, chunk.status());
            assertEquals(i, chunk.failures());
        }
        chunk = chunk.claim("w", T0, LEASE).expire(T0.plus(LEASE), 3);
        assertEquals(ChunkStatus.FAILED, chunk.status());
        assertEquals(3, chunk.failures());
        assertEquals(T0.plus(LEASE), chunk.finishedAt());
        assertTrue(chunk.lastError().contains("expired"), chunk.lastError());

        Chunk retried = chunk.retry();
        assertEquals(ChunkStatus.PENDING, retried.status());
        assertEquals(0, retried.failures());
        assertEquals(3, retried.attempt());
    }

    @Test
    void pendingCannotBeCompletedOrRenewed() {
        IllegalChunkTransitionException e = assertThrows(IllegalChunkTransitionException.class,
                () -> pending.complete(T0, "r"));
        assertEquals(ChunkStatus.PENDING, e.from());
        assertEquals(ChunkEvent.COMPLETE, e.event());
        assertThrows(IllegalChunkTransitionException.class, () -> pending.renew(T0, LEASE, 1));
    }
}
