package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server is restarted while workers claim and complete: their operations are retried on new connections, no
 * transaction is left half-applied, every chunk ends completed and no chunk's result is recorded twice. A claim whose
 * commit was cut off leaves a running chunk nobody knows of; its lease expires and it is claimed again, as after a
 * crash.
 */
@Tag("slow")
class PostgresRestartTest {

    private static final String NAME = "sweep";
    private static final int CHUNKS = 3_000;
    private static final int WORKERS = 4;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(3);

    @Test
    void workersRecoverFromARestartWithNothingLostOrRecordedTwice() throws Exception {
        PostgresServer server = PostgresServer.start();
        ExecutorService threads = Executors.newFixedThreadPool(WORKERS + 1);
        try (HikariDataSource pool = server.pool(server.createDatabase("restart"), WORKERS + 2);
             PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of(NAME, CHUNKS, 1));
            Map<Long, AtomicInteger> applied = new ConcurrentHashMap<>();
            AtomicInteger completions = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            long deadline = System.nanoTime() + DEADLINE_NANOS;

            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                String worker = "worker-" + w;
                running.add(threads.submit(() -> {
                    while (!done.get() && System.nanoTime() < deadline) {
                        Optional<Lease> lease = store.claim(NAME, worker, LEASE);
                        if (lease.isEmpty()) {
                            // Drained or waiting for a lost claim's lease to expire.
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                            continue;
                        }
                        if (store.complete(lease.get().token(), "done by " + worker) == LeaseResult.APPLIED) {
                            applied.computeIfAbsent(lease.get().token().chunkId(), id -> new AtomicInteger())
                                    .incrementAndGet();
                            completions.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            // Expired leases go back to pending, as the coordinator does.
            running.add(threads.submit(() -> {
                while (!done.get() && System.nanoTime() < deadline) {
                    store.resetExpiredLeases(NAME);
                    if (store.snapshot(NAME).counts().completed() == CHUNKS) {
                        done.set(true);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                }
                return null;
            }));

            awaitUntil(() -> completions.get() >= CHUNKS / 3, deadline, "a third of the chunks completed");
            server.restart();
            for (Future<?> thread : running) {
                thread.get(DEADLINE_NANOS, TimeUnit.NANOSECONDS);
            }

            assertTrue(done.get(), "every chunk was completed before the deadline: " + store.snapshot(NAME).counts());
            List<Chunk> chunks = StoredChunks.of(store, NAME);
            assertEquals(CHUNKS, chunks.size());
            for (Chunk chunk : chunks) {
                assertEquals(ChunkStatus.COMPLETED, chunk.status(), "chunk " + chunk.id());
                assertEquals("done by " + chunk.assignedWorker(), chunk.result(), "chunk " + chunk.id());
            }
            assertTrue(applied.values().stream().allMatch(count -> count.get() == 1),
                    "no chunk's completion applied twice");
            assertTrue(completions.get() <= CHUNKS, completions.get() + " completions applied");
        } finally {
            threads.shutdownNow();
            server.stopAndDelete();
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, long deadline, String what) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
