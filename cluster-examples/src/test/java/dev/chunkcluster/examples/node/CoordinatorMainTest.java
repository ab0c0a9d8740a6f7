package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.SupervisorDecision;
import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.testkit.FakeProcessController;
import dev.chunkcluster.testkit.InMemoryChunkStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The coordinator's rounds: a worker that exits wakes it at once, however long the poll interval. */
class CoordinatorMainTest {

    @Test
    void aChildThatExitsStartsTheNextRoundAtOnce() throws Exception {
        InMemoryChunkStore store = new InMemoryChunkStore(Clock.systemUTC());
        store.createExploration(ExplorationSpec.of("sweep", 1, 1));
        Supervisor supervisor = Supervisor.builder(store, new FakeProcessController(Clock.systemUTC()),
                new LaunchSpec(ProcessRole.WORKER, "sweep", List.of("worker"), Map.of(), null)).build();
        // a child of this JVM that runs until the test ends it: it stands for a worker of the coordinator
        Process child = new ProcessBuilder("sleep", "600").start();
        try {
            CompletableFuture<SupervisorDecision> decision = new CompletableFuture<>();
            Thread coordinator = new Thread(() -> {
                try {
                    decision.complete(CoordinatorMain.supervise(supervisor, Duration.ofHours(1)));
                } catch (InterruptedException | RuntimeException e) {
                    decision.completeExceptionally(e);
                }
            }, "coordinator");
            coordinator.start();
            Await.untilTrue("the first round done (a worker launched), the coordinator waiting", Duration.ofSeconds(30),
                    () -> coordinator.getState() == Thread.State.TIMED_WAITING);
            Lease lease = store.claim("sweep", "worker-1", Duration.ofMinutes(30)).orElseThrow();
            assertEquals(LeaseResult.APPLIED, store.complete(lease.token(), "{}"));
            assertFalse(decision.isDone(), "the next round waits for the interval or a child's exit");

            child.destroy();

            assertEquals(SupervisorDecision.COMPLETE, Await.until("the round after the child's exit",
                    Duration.ofSeconds(30), () -> decision.isDone() ? decision.join() : null));
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
