package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.port.ResetResult;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;

/**
 * The database step of Stop, {@value #RUNNING} running chunks reset to pending (of {@value #CHUNKS}), on three sides:
 * the library ({@code resetRunning}: in one transaction the desired state stopped, the running chunks reset, the
 * pending count read), raw JDBC running the library's own statements on the library's schema (what the Java side
 * costs), and the {@link MinimalQueue}'s one {@code UPDATE queue SET status = 'pending' ... WHERE status = 'running'}
 * on its own table (what the library's schema and statements cost: the yardstick). Before every invocation (not
 * measured) the same rows are set running again and the WAL is checkpointed, so every reset starts from the same
 * state. Score: milliseconds per reset.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StopResetBenchmark {

    static final int CHUNKS = 200_000;
    static final int RUNNING = 100_000;

    /** A side connection that puts the chunks back to running between invocations. */
    abstract static class Database {
        Path database;
        Connection setup;

        void openDatabase(String label) throws SQLException {
            database = BenchDatabases.copy(BenchDatabases.pending(CHUNKS), label);
            setup = RawChunkJdbc.connect(database);
        }

        void makeRunning() throws SQLException {
            setup.setAutoCommit(false);
            try (Statement statement = setup.createStatement()) {
                statement.executeUpdate("UPDATE explorations SET desired_state = 'running' WHERE name = '"
                        + EXPLORATION + "'");
            }
            int marked = BenchDatabases.markRunning(setup, 0, RUNNING, RawChunkJdbc.truncate(Instant.now()));
            setup.commit();
            setup.setAutoCommit(true);
            if (marked != RUNNING) {
                throw new IllegalStateException("marked " + marked + " chunks running, expected " + RUNNING);
            }
            BenchDatabases.checkpoint(setup);
        }

        void closeDatabase() throws SQLException {
            setup.close();
        }
    }

    @State(Scope.Thread)
    public static class Library extends Database {
        SqliteChunkStore store;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            openDatabase("stop-reset-library");
            store = SqliteChunkStore.open(database);
        }

        @Setup(Level.Invocation)
        public void running() throws SQLException {
            makeRunning();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            store.close();
            closeDatabase();
            BenchDatabases.delete(database);
        }
    }

    @State(Scope.Thread)
    public static class Raw extends Database {
        RawChunkJdbc raw;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            openDatabase("stop-reset-raw");
            raw = new RawChunkJdbc(database, 1);
        }

        @Setup(Level.Invocation)
        public void running() throws SQLException {
            makeRunning();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            raw.close();
            closeDatabase();
            BenchDatabases.delete(database);
        }
    }

    @State(Scope.Thread)
    public static class Minimal {
        Path database;
        MinimalQueue queue;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            database = BenchDatabases.copy(MinimalQueue.template(CHUNKS), "stop-reset-minimal");
            queue = new MinimalQueue(database, 1);
        }

        @Setup(Level.Invocation)
        public void running() throws SQLException {
            int marked = queue.markRunning(1, RUNNING + 1);
            if (marked != RUNNING) {
                throw new IllegalStateException("marked " + marked + " rows running, expected " + RUNNING);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            queue.close();
            BenchDatabases.delete(database);
        }
    }

    @Benchmark
    public ResetResult stopResetLibrary(Library state) {
        ResetResult result = state.store.resetRunning(EXPLORATION, DesiredState.STOPPED);
        if (result.reset() != RUNNING) {
            throw new IllegalStateException("reset " + result.reset() + " chunks, expected " + RUNNING);
        }
        return result;
    }

    @Benchmark
    public long[] stopResetRawJdbc(Raw state) throws SQLException {
        long[] result = state.raw.resetRunning(EXPLORATION, DesiredState.STOPPED.dbValue());
        if (result[0] != RUNNING) {
            throw new IllegalStateException("reset " + result[0] + " chunks, expected " + RUNNING);
        }
        return result;
    }

    @Benchmark
    public int stopResetMinimal(Minimal state) throws SQLException {
        int reset = state.queue.resetRunning();
        if (reset != RUNNING) {
            throw new IllegalStateException("reset " + reset + " rows, expected " + RUNNING);
        }
        return reset;
    }
}
