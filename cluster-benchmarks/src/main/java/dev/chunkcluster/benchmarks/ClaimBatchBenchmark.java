package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.port.Lease;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;
import static dev.chunkcluster.benchmarks.BenchDatabases.LEASE;
import static dev.chunkcluster.benchmarks.BenchDatabases.WORKER;

/**
 * Claims {@value #BATCH} chunks in one transaction, on a fresh database of {@value #CHUNKS} pending chunks per
 * iteration. Score: chunks claimed per second (each invocation counts {@value #BATCH} operations).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ClaimBatchBenchmark {

    static final int BATCH = 16;
    static final int CHUNKS = 1_000_000;

    @State(Scope.Thread)
    public static class Library extends LibraryOnPendingCopy {
        public Library() {
            super(CHUNKS, "claim-batch-library");
        }
    }

    @State(Scope.Thread)
    public static class Raw extends RawOnPendingCopy {
        public Raw() {
            super(CHUNKS, BATCH, "claim-batch-raw");
        }
    }

    @State(Scope.Thread)
    public static class Minimal extends MinimalOnPendingCopy {
        public Minimal() {
            super(CHUNKS, BATCH, "claim-batch-minimal");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Lease> claimBatch16Library(Library state) {
        List<Lease> leases = state.store.claimBatch(EXPLORATION, WORKER, BATCH, LEASE);
        if (leases.size() != BATCH) {
            throw new IllegalStateException(drained());
        }
        return leases;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long claimBatch16RawJdbc(Raw state) throws SQLException {
        RawChunkJdbc raw = state.raw;
        if (raw.claim(EXPLORATION, WORKER, BATCH, LEASE) != BATCH) {
            throw new IllegalStateException(drained());
        }
        return raw.claimedIds[BATCH - 1];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long claimBatch16Minimal(Minimal state) throws SQLException {
        MinimalQueue queue = state.queue;
        if (queue.claim(WORKER, BATCH) != BATCH) {
            throw new IllegalStateException(drained());
        }
        return queue.claimedIds[BATCH - 1];
    }

    private static String drained() {
        return "all " + CHUNKS + " chunks claimed within one iteration; raise CHUNKS or shorten the iterations";
    }
}
