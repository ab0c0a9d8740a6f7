package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.Lease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application reaps leases that ran out, so a chunk of an application that died is worked on again. */
class LeaseReaperTest {

    @TempDir
    Path dir;

    private SpringApplicationBuilder application(String... extra) {
        return new SpringApplicationBuilder(StarterTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("chunkcluster.exploration=reaped", "chunkcluster.create.combinations=30",
                        "chunkcluster.create.chunk-size=10", "chunkcluster.sqlite.path=" + dir.resolve("x.db"),
                        "chunkcluster.worker.enabled=false", StarterTestApplication.WITHOUT_DATA_SOURCE)
                .properties(extra);
    }

    @Test
    void aChunkWhoseLeaseRanOutGoesBackToPendingWithOneFailure() throws Exception {
        try (ConfigurableApplicationContext context = application("chunkcluster.health-check.interval=200ms").run()) {
            ChunkStore store = context.getBean(ChunkStore.class);
            // Another application claims a chunk and dies: nothing renews its lease.
            Lease lost = store.claim("reaped", "crashed-app", WorkerLoop.MIN_LEASE).orElseThrow();

            StarterApplicationScenario.await("the expired lease is reaped",
                    () -> store.chunk(lost.token().chunkId()).orElseThrow().status() == ChunkStatus.PENDING);

            Chunk chunk = store.chunk(lost.token().chunkId()).orElseThrow();
            assertEquals(1, chunk.failures(), "an expired lease counts against the chunk");
            assertFalse(store.renew(lost.token(), 0, WorkerLoop.MIN_LEASE).applied(), "the lost lease stays invalid");
        }
    }

    @Test
    void theHealthCheckCanBeTurnedOffAndAZeroIntervalIsRefused() {
        try (ConfigurableApplicationContext context = application("chunkcluster.health-check.enabled=false").run()) {
            assertTrue(context.getBeansOfType(ChunkClusterLeaseReaper.class).isEmpty());
        }
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> application("chunkcluster.health-check.interval=0s").run());
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals("chunkcluster.health-check.interval must be above 0; got PT0S", cause.getMessage());
    }
}
