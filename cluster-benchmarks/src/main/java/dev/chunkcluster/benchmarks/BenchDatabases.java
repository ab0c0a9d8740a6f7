package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The databases the benchmarks run on. Each shape is built once per run as a template (by the library itself, so the
 * schema, {@code user_version} and WAL mode are exactly what users get), checkpointed so it is one self-contained
 * file, then copied for every trial or iteration that changes it: both sides of a pair start from byte-identical
 * files.
 *
 * <p>Files live under the directory named by the environment variable {@value #DIR_VARIABLE} (run.sh points it into
 * {@code target/}; JMH's forked JVMs inherit it), or a fresh temporary directory.
 */
public final class BenchDatabases {

    public static final String DIR_VARIABLE = "CHUNKCLUSTER_BENCH_DIR";

    /** Every benchmark database holds one exploration of this name. */
    public static final String EXPLORATION = "bench";

    /** Combinations per chunk; the number does not matter to the store. */
    public static final long CHUNK_SIZE = 10;

    public static final String WORKER = "bench-worker";

    public static final Duration LEASE = Duration.ofMinutes(5);

    private static final AtomicLong COPIES = new AtomicLong();
    private static Path directory;

    private BenchDatabases() {
    }

    /** The working directory, created on first use. */
    public static synchronized Path directory() {
        if (directory == null) {
            try {
                String configured = System.getenv(DIR_VARIABLE);
                directory = configured == null || configured.isBlank()
                        ? Files.createTempDirectory("chunkcluster-bench")
                        : Files.createDirectories(Path.of(configured));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the benchmark directory", e);
            }
        }
        return directory;
    }

    /** An exploration of {@code chunks} chunks, all pending. */
    public static Path pending(int chunks) {
        return template("pending-" + chunks, chunks, connection -> { });
    }

    /**
     * An exploration of {@code chunks} chunks of which the first {@code completed} are completed, the next
     * {@code running} running (lease valid for an hour, half their combinations reported tested) and the rest pending.
     */
    public static Path mixed(int chunks, int completed, int running) {
        return template("mixed-" + chunks + "-" + completed + "-" + running, chunks, connection -> {
            Instant now = RawChunkJdbc.truncate(Instant.now());
            try (PreparedStatement done = connection.prepareStatement("UPDATE chunks SET status = 'completed', "
                    + "attempt = 1, assigned_worker = ?, started_at = ?, tested = combination_count, finished_at = ?, "
                    + "result = '{\"ok\":true}' WHERE exploration = ? AND idx < ?")) {
                done.setString(1, WORKER);
                done.setString(2, RawChunkJdbc.timestamp(now.minusSeconds(60)));
                done.setString(3, RawChunkJdbc.timestamp(now));
                done.setString(4, EXPLORATION);
                done.setInt(5, completed);
                done.executeUpdate();
            }
            markRunning(connection, completed, completed + running, now);
        });
    }

    /**
     * Sets chunks with {@code from <= idx < to} running as a claim would (attempt + 1, worker, start, a lease valid for
     * an hour, half their combinations tested).
     */
    public static int markRunning(Connection connection, int from, int to, Instant now) throws SQLException {
        try (PreparedStatement running = connection.prepareStatement("UPDATE chunks SET status = 'running', "
                + "attempt = attempt + 1, assigned_worker = ?, started_at = ?, lease_expires_at = ?, "
                + "tested = combination_count / 2 WHERE exploration = ? AND idx >= ? AND idx < ?")) {
            running.setString(1, WORKER);
            running.setString(2, RawChunkJdbc.timestamp(now));
            running.setString(3, RawChunkJdbc.timestamp(now.plusSeconds(3600)));
            running.setString(4, EXPLORATION);
            running.setInt(5, from);
            running.setInt(6, to);
            return running.executeUpdate();
        }
    }

    /** Folds the WAL into the database file, as after a quiet period. */
    public static void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /**
     * A fresh copy of {@code template} for one trial or iteration, on disk before it is used: the kernel would
     * otherwise write the copy's pages back while the iteration measures (a million chunks are a file of about 80
     * MB). Remove it with {@link #delete}.
     */
    public static Path copy(Path template, String label) {
        Path target = directory().resolve("work").resolve(label + "-" + ProcessHandle.current().pid() + "-"
                + COPIES.incrementAndGet() + ".db");
        try {
            Files.createDirectories(target.getParent());
            Files.copy(template, target, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel written = FileChannel.open(target, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + template + " to " + target, e);
        }
    }

    /** Removes a benchmark copy and its WAL and shared-memory files, once every connection to it is closed. */
    public static void delete(Path database) {
        try {
            for (String suffix : new String[]{"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(Path.of(database + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete benchmark database " + database, e);
        }
    }

    @FunctionalInterface
    interface Shape {
        void apply(Connection connection) throws SQLException;
    }

    private static synchronized Path template(String name, int chunks, Shape shape) {
        Path template = directory().resolve("templates").resolve(name + ".db");
        if (Files.exists(template)) {
            return template;
        }
        Path building = template.resolveSibling(name + "-building-" + ProcessHandle.current().pid() + ".db");
        try {
            Files.createDirectories(template.getParent());
            delete(building);
            long started = System.nanoTime();
            try (SqliteChunkStore store = SqliteChunkStore.open(building)) {
                store.createExploration(ExplorationSpec.of(EXPLORATION, chunks * CHUNK_SIZE, CHUNK_SIZE));
            }
            try (Connection connection = RawChunkJdbc.connect(building)) {
                connection.setAutoCommit(false);
                shape.apply(connection);
                connection.commit();
                connection.setAutoCommit(true);
                checkpoint(connection);
            }
            if (Files.exists(Path.of(building + "-wal")) && Files.size(Path.of(building + "-wal")) > 0) {
                throw new IllegalStateException("template " + building + " still has WAL content after a checkpoint");
            }
            Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
            delete(building);
            System.out.printf("benchmark template %s (%d chunks) built in %d ms%n", name, chunks,
                    (System.nanoTime() - started) / 1_000_000);
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build benchmark template " + template, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build benchmark template " + template + ": " + e.getMessage(), e);
        }
    }
}
