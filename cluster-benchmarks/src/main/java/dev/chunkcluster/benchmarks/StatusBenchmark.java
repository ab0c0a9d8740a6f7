package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.policy.StatusQuery;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.sqlite.SqliteChunkStore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;

/**
 * The full status (counts, four-state, progress, health from leases) of an exploration of {@value #CHUNKS} chunks,
 * 60 % pending, 10 % running, 30 % completed, against the query people type by hand:
 * {@code SELECT status, COUNT(*) FROM chunks WHERE exploration = ? GROUP BY status}. Score: milliseconds per read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StatusBenchmark {

    static final int CHUNKS = 1_000_000;
    static final int COMPLETED = 300_000;
    static final int RUNNING = 100_000;

    static Path template() {
        return BenchDatabases.mixed(CHUNKS, COMPLETED, RUNNING);
    }

    @State(Scope.Thread)
    public static class Library {
        Path database;
        SqliteChunkStore store;
        StatusQuery query;

        @Setup(Level.Trial)
        public void open() {
            database = BenchDatabases.copy(template(), "status-library");
            store = SqliteChunkStore.open(database);
            query = StatusQuery.leasesOnly(store);
            ClusterStatus status = query.status(EXPLORATION);
            if (status.chunks().running() != RUNNING || status.chunks().completed() != COMPLETED) {
                throw new IllegalStateException("unexpected status database: " + status);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            BenchDatabases.delete(database);
        }
    }

    @State(Scope.Thread)
    public static class Raw {
        Path database;
        RawChunkJdbc raw;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            database = BenchDatabases.copy(template(), "status-raw");
            raw = new RawChunkJdbc(database, 1);
            long[] counts = raw.statusByHand(EXPLORATION);
            if (counts[1] != RUNNING || counts[2] != COMPLETED) {
                throw new IllegalStateException("unexpected status database: running " + counts[1] + ", completed "
                        + counts[2]);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            raw.close();
            BenchDatabases.delete(database);
        }
    }

    @Benchmark
    public ClusterStatus statusLibrary(Library state) {
        return state.query.status(EXPLORATION);
    }

    @Benchmark
    public long[] statusRawJdbc(Raw state) throws SQLException {
        return state.raw.statusByHand(EXPLORATION);
    }
}
