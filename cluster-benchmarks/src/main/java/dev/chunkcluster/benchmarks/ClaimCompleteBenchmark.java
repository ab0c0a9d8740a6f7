package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;
import static dev.chunkcluster.benchmarks.BenchDatabases.LEASE;
import static dev.chunkcluster.benchmarks.BenchDatabases.WORKER;

/**
 * One claim then one complete, one thread, on a fresh database of {@value #CHUNKS} pending chunks per iteration
 * (so an iteration never runs dry and every iteration starts from the same file). Score: cycles per second.
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
        @Override
        int chunks() {
            return CHUNKS;
        }

        @Override
        String label() {
            return "claim-complete-library";
        }
    }

    @State(Scope.Thread)
    public static class Raw extends RawOnPendingCopy {
        @Override
        int chunks() {
            return CHUNKS;
        }

        @Override
        int batch() {
            return 1;
        }

        @Override
        String label() {
            return "claim-complete-raw";
        }
    }

    @State(Scope.Thread)
    public static class Minimal extends MinimalOnPendingCopy {
        @Override
        int chunks() {
            return CHUNKS;
        }

        @Override
        int batch() {
            return 1;
        }

        @Override
        String label() {
            return "claim-complete-minimal";
        }
    }

    @Benchmark
    public LeaseResult claimCompleteLibrary(Library state) {
        Lease lease = state.store.claim(EXPLORATION, WORKER, LEASE)
                .orElseThrow(() -> new IllegalStateException(drained()));
        return state.store.complete(lease.token(), "{\"ok\":true}");
    }

    @Benchmark
    public int claimCompleteRawJdbc(Raw state) throws SQLException {
        RawChunkJdbc raw = state.raw;
        if (raw.claim(EXPLORATION, WORKER, 1, LEASE) != 1) {
            throw new IllegalStateException(drained());
        }
        return raw.complete(raw.claimedIds[0], raw.claimedAttempts[0], WORKER, "{\"ok\":true}");
    }

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
