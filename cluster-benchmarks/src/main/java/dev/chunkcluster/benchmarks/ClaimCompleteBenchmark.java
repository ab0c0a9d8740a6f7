package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;
import static dev.chunkcluster.benchmarks.BenchDatabases.LEASE;
import static dev.chunkcluster.benchmarks.BenchDatabases.WORKER;

/**
 * Claim+complete cycles, one thread, on a fresh database of {@value #CHUNKS} pending chunks per iteration (so an
 * iteration never runs dry and every iteration starts from the same file): the library as its worker loop runs them
 * (the completion of the chunk in hand and the next claim in one transaction), raw JDBC running the same statements,
 * and the minimal queue's claim and complete. Score: cycles per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ClaimCompleteBenchmark {

    static final int CHUNKS = 200_000;

    @State(Scope.Thread)
    public static class Library extends LibraryOnPendingCopy {
        /** The chunk in hand, completed by the next cycle; none at the start of an iteration (a fresh copy). */
        Lease held;

        public Library() {
            super(CHUNKS, "claim-complete-library");
        }

        @Setup(Level.Iteration)
        public void nothingHeld() {
            held = null;
        }
    }

    @State(Scope.Thread)
    public static class Raw extends RawOnPendingCopy {
        /** Whether {@code raw.claimed*[0]} is a chunk in hand; not at the start of an iteration (a fresh copy). */
        boolean holding;

        public Raw() {
            super(CHUNKS, 1, "claim-complete-raw");
        }

        @Setup(Level.Iteration)
        public void nothingHeld() {
            holding = false;
        }
    }

    @State(Scope.Thread)
    public static class Minimal extends MinimalOnPendingCopy {
        public Minimal() {
            super(CHUNKS, 1, "claim-complete-minimal");
        }
    }

    /**
     * A cycle of the library's worker loop: the chunk in hand completed and the next one claimed in one transaction
     * ({@code completeAndClaim}); the first cycle of an iteration only claims.
     */
    @Benchmark
    public Lease claimCompleteLibrary(Library state) {
        Optional<Lease> next;
        if (state.held == null) {
            next = state.store.claim(EXPLORATION, WORKER, LEASE);
        } else {
            CompletionAndClaim both = state.store.completeAndClaim(state.held.token(), "{\"ok\":true}", EXPLORATION,
                    LEASE);
            if (both.completion() != LeaseResult.APPLIED) {
                throw new IllegalStateException("complete refused for " + state.held.token());
            }
            next = both.next();
        }
        state.held = next.orElseThrow(() -> new IllegalStateException(drained()));
        return state.held;
    }

    /** The same cycle with the library's statements, run by hand. */
    @Benchmark
    public int claimCompleteRawJdbc(Raw state) throws SQLException {
        RawChunkJdbc raw = state.raw;
        int claimed = state.holding
                ? raw.completeAndClaim(raw.claimedIds[0], raw.claimedAttempts[0], WORKER, "{\"ok\":true}",
                        EXPLORATION, LEASE)
                : raw.claim(EXPLORATION, WORKER, 1, LEASE);
        if (claimed < 0) {
            throw new IllegalStateException("complete refused for chunk " + raw.claimedIds[0]);
        }
        if (claimed != 1) {
            throw new IllegalStateException(drained());
        }
        state.holding = true;
        return claimed;
    }

    /** The minimal queue's cycle: a claim, then a complete, each its own transaction. */
    @Benchmark
    public int claimCompleteMinimal(Minimal state) throws SQLException {
        MinimalQueue queue = state.queue;
        if (queue.claim(WORKER, 1) != 1) {
            throw new IllegalStateException(drained());
        }
        return queue.complete(queue.claimedIds[0], queue.claimedAttempts[0], WORKER, "{\"ok\":true}");
    }

    private static String drained() {
        return "all " + CHUNKS + " chunks claimed within one iteration; raise CHUNKS or shorten the iterations";
    }
}
