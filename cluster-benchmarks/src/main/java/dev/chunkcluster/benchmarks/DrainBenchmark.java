package dev.chunkcluster.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.jdbc.SqliteJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;
import static dev.chunkcluster.benchmarks.BenchDatabases.WORKER;

/**
 * The peer: db-scheduler draining {@value #ITEMS} due no-op one-time tasks from a SQLite file, against the library's
 * worker loop claiming and completing {@value #ITEMS} chunks with a no-op handler. Both on a fresh file per iteration,
 * with the same SQLite settings (WAL, {@code synchronous=NORMAL}, the same busy timeout). Score: microseconds per item
 * (each invocation drains all items); the report turns it into items per second.
 *
 * <p>db-scheduler runs as its SQLite compatibility test runs it (its {@code SqliteJdbcCustomization}, a HikariCP pool of
 * one connection, the fetch polling strategy), with {@value #DB_SCHEDULER_THREADS} executor threads and a short polling
 * interval so that it never idles between batches. The library runs one worker loop: its unit of work, as a worker
 * process runs it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class DrainBenchmark {

    static final int ITEMS = 20_000;

    /** db-scheduler's settings; system properties let one compare others (-DdbScheduler.threads=2 ...). */
    static final int DB_SCHEDULER_THREADS = Integer.getInteger("dbScheduler.threads", 10);
    static final int DB_SCHEDULER_POOL = Integer.getInteger("dbScheduler.pool", 1);
    static final Duration DB_SCHEDULER_POLLING = Duration.ofMillis(Long.getLong("dbScheduler.pollingMs", 50));

    @State(Scope.Thread)
    public static class Library extends LibraryOnPendingCopy {
        public Library() {
            super(ITEMS, "drain-library");
        }
    }

    @State(Scope.Thread)
    public static class DbScheduler {
        Path database;
        HikariDataSource dataSource;
        Scheduler scheduler;
        CountDownLatch done;

        @Setup(Level.Iteration)
        public void open() throws SQLException, IOException {
            database = BenchDatabases.directory().resolve("work")
                    .resolve("drain-db-scheduler-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".db");
            java.nio.file.Files.createDirectories(database.getParent());
            dataSource = dataSource(database, DB_SCHEDULER_POOL);
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                for (String ddl : schema()) {
                    statement.executeUpdate(ddl);
                }
            }
            done = new CountDownLatch(ITEMS);
            OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) -> { });
            SchedulerClient client = SchedulerClient.Builder.create(dataSource, task)
                    .jdbcCustomization(new SqliteJdbcCustomization()).build();
            List<TaskInstance<?>> instances = new ArrayList<>(ITEMS);
            for (int i = 0; i < ITEMS; i++) {
                instances.add(task.instance("item-" + i));
            }
            client.scheduleBatch(instances, Instant.now().minusSeconds(1));
            scheduler = Scheduler.create(dataSource, task)
                    .jdbcCustomization(new SqliteJdbcCustomization())
                    .threads(DB_SCHEDULER_THREADS)
                    .pollingInterval(DB_SCHEDULER_POLLING)
                    .shutdownMaxWait(Duration.ofSeconds(5))
                    .addSchedulerListener(new AbstractSchedulerListener() {
                        @Override
                        public void onExecutionComplete(ExecutionComplete complete) {
                            done.countDown();
                        }
                    })
                    .build();
        }

        @TearDown(Level.Iteration)
        public void close() throws SQLException {
            scheduler.stop();
            long left;
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
                rs.next();
                left = rs.getLong(1);
            }
            dataSource.close();
            BenchDatabases.delete(database);
            if (left != 0) {
                throw new IllegalStateException("db-scheduler left " + left + " executions in its table");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public WorkerSummary drain20kLibrary(Library state) {
        WorkerSummary summary = WorkerLoop.builder(state.store, EXPLORATION, WORKER, work -> "{}").build().run();
        if (summary.completed() != ITEMS) {
            throw new IllegalStateException("the worker completed " + summary + ", expected " + ITEMS);
        }
        return summary;
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long drain20kDbScheduler(DbScheduler state) throws InterruptedException {
        state.scheduler.start();
        if (!state.done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("db-scheduler executed only " + (ITEMS - state.done.getCount()) + " of "
                    + ITEMS + " in 5 minutes");
        }
        return state.done.getCount();
    }

    /** A pooled data source on {@code database} with the library's SQLite settings. */
    static HikariDataSource dataSource(Path database, int poolSize) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(RawChunkJdbc.BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + database.toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setPoolName("db-scheduler-bench");
        return new HikariDataSource(hikari);
    }

    static List<String> schema() throws IOException {
        try (InputStream in = DrainBenchmark.class.getResourceAsStream("db-scheduler-sqlite.sql")) {
            if (in == null) {
                throw new IllegalStateException("db-scheduler-sqlite.sql is missing from the benchmark jar");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : script.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    current.append(line).append('\n');
                }
            }
            for (String statement : current.toString().split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        }
    }
}
