package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server is stopped for longer than a worker's lease while the worker is inside a chunk: the worker cannot renew,
 * abandons the chunk by its own clock while the server is still down, writes nothing for it (the handler returns a
 * result anyway), and once the server is back claims afresh; every chunk ends completed, each result recorded once.
 */
@Tag("slow")
class PostgresSelfFencingTest {

    private static final String NAME = "sweep";
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void aWorkerCutOffFromTheServerFencesItselfAndClaimsAfreshWhenItIsBack() throws Exception {
        PostgresServer server = PostgresServer.start();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (HikariDataSource pool = shortTimeouts(server, server.createDatabase("fence"));
             PostgresChunkStore store = PostgresChunkStore.open(pool, PostgresOptions.builder()
                     .retryWindow(Duration.ofMillis(300)).maxRetries(2).build())) {
            store.createExploration(ExplorationSpec.of(NAME, 2, 1));
            Map<Long, AtomicInteger> applied = new ConcurrentHashMap<>();
            CountDownLatch inFirstChunk = new CountDownLatch(1);
            CountDownLatch reaped = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            AtomicBoolean firstReturned = new AtomicBoolean();
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            WorkerLoop loop = WorkerLoop.builder(counting(store, applied), NAME, "w1", work -> {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    inFirstChunk.countDown();
                    // Ignores interrupts and returns a result once abandoned: the worker must not write it.
                    awaitUntil(work::isAbandoned, deadline, "the worker abandoned the chunk by its own clock");
                    firstReturned.set(true);
                    return "late";
                }
                if (call == 2) {
                    assertTrue(reaped.await(DEADLINE_NANOS, TimeUnit.NANOSECONDS), "the expired lease was reaped");
                }
                return "attempt " + work.token().attempt();
            }).lease(LEASE).build();
            Future<WorkerSummary> run = thread.submit(loop::run);

            assertTrue(inFirstChunk.await(DEADLINE_NANOS, TimeUnit.NANOSECONDS));
            server.stop();
            awaitUntil(firstReturned::get, deadline, "the worker gave up its chunk while the server was down");
            server.restart();
            awaitUntil(() -> calls.get() >= 2, deadline, "the worker claimed afresh");
            // The database's lease may end a little after the worker's own clock gave up: a renewal the server
            // committed just before it stopped never reached the worker. It ends within one lease of that.
            awaitUntil(() -> store.resetExpiredLeases(NAME).requeued() == 1, deadline,
                    "the fenced chunk's lease expired and was put back");
            reaped.countDown();

            WorkerSummary summary = run.get(DEADLINE_NANOS, TimeUnit.NANOSECONDS);
            assertEquals(new WorkerSummary(2, 0, 1, WorkerSummary.ExitReason.DRAINED), summary);
            List<Chunk> chunks = StoredChunks.of(store, NAME);
            assertEquals(ChunkStatus.COMPLETED, chunks.get(0).status());
            assertEquals("attempt 2", chunks.get(0).result(), "the first attempt's result was never written");
            assertEquals("attempt 1", chunks.get(1).result());
            assertTrue(applied.values().stream().allMatch(count -> count.get() == 1), "no result recorded twice: "
                    + applied);
            assertEquals(2, applied.size());
        } finally {
            thread.shutdownNow();
            server.stopAndDelete();
        }
    }

    /** A pool that gives up on a connection after 500 ms, so a call fails well within a third of the lease. */
    private static HikariDataSource shortTimeouts(PostgresServer server, String database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(PostgresServer.USER);
        config.setPassword(PostgresServer.PASSWORD);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(500);
        config.setPoolName("self-fencing-" + database);
        return new HikariDataSource(config);
    }

    /** The store as the worker sees it, counting each completion the store applied, by chunk id. */
    private static ChunkStore counting(ChunkStore store, Map<Long, AtomicInteger> applied) {
        return (ChunkStore) Proxy.newProxyInstance(ChunkStore.class.getClassLoader(), new Class<?>[]{ChunkStore.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    boolean counted = switch (method.getName()) {
                        case "complete" -> result == LeaseResult.APPLIED;
                        case "completeAndClaim" -> ((CompletionAndClaim) result).completion().applied();
                        default -> false;
                    };
                    if (counted) {
                        applied.computeIfAbsent(((LeaseToken) args[0]).chunkId(), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    return result;
                });
    }

    private static void awaitUntil(BooleanSupplier condition, long deadline, String what) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
