package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.ResetResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Stop against claims in flight on connections of their own: once Stop's transaction has committed, no chunk is
 * running, and no claim taken before it survives it.
 */
class PostgresStopRaceTest {

    private static final String NAME = "sweep";
    private static final int CLAIMERS = 4;
    private static final int ROUNDS = 5;

    @Test
    void noClaimSlipsPastAStop() throws Exception {
        PostgresServer server = PostgresServer.shared();
        ExecutorService threads = Executors.newFixedThreadPool(CLAIMERS);
        try (HikariDataSource pool = server.pool(server.createDatabase("stoprace"), CLAIMERS + 2);
             PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of(NAME, 100_000, 1));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger claims = new AtomicInteger();
            List<Future<?>> claimers = new ArrayList<>();
            for (int c = 0; c < CLAIMERS; c++) {
                String worker = "claimer-" + c;
                claimers.add(threads.submit(() -> {
                    while (!stop.get()) {
                        if (store.claimBatch(NAME, worker, 4, Duration.ofMinutes(5)).isEmpty()) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        } else {
                            claims.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int round = 0; round < ROUNDS; round++) {
                int before = claims.get();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (claims.get() < before + 20) {
                    assertTrue(System.nanoTime() < deadline, "claims go on in round " + round);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }

                ResetResult reset = store.resetRunning(NAME, DesiredState.STOPPED);

                assertEquals(0, store.snapshot(NAME).counts().running(),
                        "round " + round + ": nothing runs once Stop has committed (reset " + reset.reset() + ")");
                assertTrue(reset.reset() > 0, "round " + round + " caught claims in flight");
                assertEquals(0, store.snapshot(NAME).counts().running(), "and no claim comes after it");
                store.setDesiredState(NAME, DesiredState.RUNNING);
            }
            stop.set(true);
            for (Future<?> claimer : claimers) {
                claimer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
