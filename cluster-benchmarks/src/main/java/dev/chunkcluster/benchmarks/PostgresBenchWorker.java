package dev.chunkcluster.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.policy.WorkerSummary;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresServer;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;
import static dev.chunkcluster.benchmarks.BenchDatabases.LEASE;

/**
 * One process of the PostgreSQL benchmarks ({@link PostgresBenchRun}). Prints one line {@code result=<number>} on
 * success. Modes:
 * <ul>
 *   <li>{@code window <cc|batch> <library|raw> <jdbc url> <warm-up ms> <window ms>}: prints {@value #READY} once
 *       connected, reads the shared start instant (epoch ms) from standard input, then claims and
 *       complete one chunk at a time ({@code cc}; the library as its worker loop does it, completing and claiming the
 *       next in one transaction) or claim {@value #BATCH} at a time ({@code batch}) from a shared
 *       start instant; result: chunks claimed in the measured window.</li>
 *   <li>{@code drain <library|dbscheduler> <jdbc url> <items>}: drains that many no-op items; result: seconds.</li>
 *   <li>{@code decay <postgres <jdbc url>|sqlite <file>> <chunks>}: creates an exploration of that many chunks and
 *       claims and completes them all with one worker, as in {@code window cc}; result:
 *       {@code <first tenth rate>/<last tenth rate>}, chunks per second.</li>
 * </ul>
 */
public final class PostgresBenchWorker {

    static final int BATCH = 16;

    /** What a {@code window} worker prints once it is connected; it then reads the start instant (epoch ms). */
    static final String READY = "ready";

    /** The minimal raw queue: its own table, one index on status, no ordering beyond that index's. */
    static final List<String> RAW_SCHEMA = List.of(
            "CREATE TABLE raw_chunks (id bigint PRIMARY KEY, status text NOT NULL, worker text, "
                    + "attempt int NOT NULL DEFAULT 0, lease_expires_at timestamptz, started_at timestamptz, "
                    + "finished_at timestamptz, result text)",
            "CREATE INDEX raw_chunks_status ON raw_chunks (status)");
    static final String RAW_CLAIM = "UPDATE raw_chunks SET status = 'running', worker = ?, attempt = attempt + 1, "
            + "started_at = now(), lease_expires_at = now() + interval '5 minutes' WHERE id IN "
            + "(SELECT id FROM raw_chunks WHERE status = 'pending' LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING "
            + "id, attempt";
    static final String RAW_COMPLETE = "UPDATE raw_chunks SET status = 'completed', finished_at = now(), "
            + "lease_expires_at = NULL, result = ? WHERE id = ? AND attempt = ? AND worker = ? AND status = 'running'";

    private PostgresBenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        String result = switch (args.length == 0 ? "" : args[0]) {
            case "window" -> window(args[1], args[2], args[3], Long.parseLong(args[4]), Long.parseLong(args[5]));
            case "drain" -> drain(args[1], args[2], Integer.parseInt(args[3]));
            case "decay" -> decay(args[1], args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: PostgresBenchWorker window|drain|decay ...; got "
                    + String.join(" ", args));
        };
        System.out.println("result=" + result);
    }

    static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(PostgresServer.USER);
        config.setPassword(PostgresServer.PASSWORD);
        config.setMaximumPoolSize(size);
        config.setPoolName("pg-bench");
        return new HikariDataSource(config);
    }

    /** One unit of work; returns how many chunks it claimed. */
    private interface Step {
        int run() throws SQLException;
    }

    private static String window(String kind, String side, String url, long warmupMs, long windowMs)
            throws Exception {
        boolean batch = switch (kind) {
            case "cc" -> false;
            case "batch" -> true;
            default -> throw new IllegalArgumentException("kind must be cc or batch; got " + kind);
        };
        String worker = "pg-bench-" + ProcessHandle.current().pid();
        try (HikariDataSource pool = pool(url, 2)) {
            Step step;
            AutoCloseable closer;
            if (side.equals("library")) {
                PostgresChunkStore store = PostgresChunkStore.open(pool);
                closer = store;
                LibraryCycle cycle = new LibraryCycle(store, worker);
                step = batch ? () -> librarySize(store.claimBatch(EXPLORATION, worker, BATCH, LEASE)) : cycle::run;
            } else if (side.equals("raw")) {
                Connection connection = pool.getConnection();
                closer = connection;
                PreparedStatement claim = connection.prepareStatement(RAW_CLAIM);
                PreparedStatement complete = connection.prepareStatement(RAW_COMPLETE);
                step = () -> rawStep(claim, complete, worker, batch ? BATCH : 1, !batch);
            } else {
                throw new IllegalArgumentException("side must be library or raw; got " + side);
            }
            System.out.println(READY);
            System.out.flush();
            String startLine = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (startLine == null) {
                throw new IllegalStateException("no start instant on standard input");
            }
            long startEpochMs = Long.parseLong(startLine.strip());
            long start = System.nanoTime() + (startEpochMs - System.currentTimeMillis()) * 1_000_000L;
            long measureFrom = start + warmupMs * 1_000_000L;
            long end = measureFrom + windowMs * 1_000_000L;
            long sleepMs = (start - System.nanoTime()) / 1_000_000L;
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            long counted = 0;
            long all = 0;
            while (true) {
                long began = System.nanoTime();
                if (began >= end) {
                    break;
                }
                int claimed = step.run();
                all += claimed;
                if (claimed == 0) {
                    throw new IllegalStateException("no pending chunk left: the database is too small for the window");
                }
                if (began >= measureFrom && System.nanoTime() <= end) {
                    counted += claimed;
                }
            }
            closer.close();
            if (counted == 0) {
                throw new IllegalStateException("no cycle began and ended within the measured window (" + all
                        + " chunks claimed in all): lengthen the window");
            }
            return Long.toString(counted);
        }
    }

    private static int librarySize(List<Lease> leases) {
        return leases.size();
    }

    /**
     * The library's claim+complete as its worker loop runs it: the first chunk claimed alone, then each completion and
     * the next claim in one transaction ({@link ChunkStore#completeAndClaim}). Each call claims one chunk (returns 1),
     * or completes the last one and finds none left (returns 0).
     */
    private static final class LibraryCycle {
        private final ChunkStore store;
        private final String worker;
        private Optional<Lease> held = Optional.empty();

        LibraryCycle(ChunkStore store, String worker) {
            this.store = store;
            this.worker = worker;
        }

        int run() {
            if (held.isEmpty()) {
                held = store.claim(EXPLORATION, worker, LEASE);
                return held.isPresent() ? 1 : 0;
            }
            CompletionAndClaim both = store.completeAndClaim(held.get().token(), "{}", EXPLORATION, LEASE);
            if (both.completion() != LeaseResult.APPLIED) {
                throw new IllegalStateException("complete refused for " + held.get().token());
            }
            held = both.next();
            return held.isPresent() ? 1 : 0;
        }
    }

    private static int rawStep(PreparedStatement claim, PreparedStatement complete, String worker, int limit,
                               boolean completeIt) throws SQLException {
        claim.setString(1, worker);
        claim.setInt(2, limit);
        int claimed = 0;
        long id = 0;
        int attempt = 0;
        try (ResultSet rs = claim.executeQuery()) {
            while (rs.next()) {
                id = rs.getLong(1);
                attempt = rs.getInt(2);
                claimed++;
            }
        }
        if (completeIt && claimed == 1) {
            complete.setString(1, "{}");
            complete.setLong(2, id);
            complete.setInt(3, attempt);
            complete.setString(4, worker);
            if (complete.executeUpdate() != 1) {
                throw new IllegalStateException("raw complete refused for chunk " + id);
            }
        }
        return claimed;
    }

    private static String drain(String side, String url, int items) throws Exception {
        if (side.equals("library")) {
            try (HikariDataSource pool = pool(url, 2); PostgresChunkStore store = PostgresChunkStore.open(pool)) {
                long began = System.nanoTime();
                WorkerSummary summary = WorkerLoop.builder(store, EXPLORATION, "pg-drain", work -> "{}").build().run();
                double seconds = (System.nanoTime() - began) / 1e9;
                if (summary.completed() != items) {
                    throw new IllegalStateException("the worker completed " + summary + ", expected " + items);
                }
                return Double.toString(seconds);
            }
        }
        if (!side.equals("dbscheduler")) {
            throw new IllegalArgumentException("side must be library or dbscheduler; got " + side);
        }
        int threads = DrainBenchmark.DB_SCHEDULER_THREADS;
        try (HikariDataSource pool = pool(url, threads + 2)) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                for (String ddl : DB_SCHEDULER_POSTGRES) {
                    statement.executeUpdate(ddl);
                }
            }
            CountDownLatch done = new CountDownLatch(items);
            OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) -> { });
            SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
            List<TaskInstance<?>> instances = new ArrayList<>(items);
            for (int i = 0; i < items; i++) {
                instances.add(task.instance("item-" + i));
            }
            client.scheduleBatch(instances, Instant.now().minusSeconds(1));
            Scheduler scheduler = Scheduler.create(pool, task)
                    .threads(threads)
                    .pollingInterval(DrainBenchmark.DB_SCHEDULER_POLLING)
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .shutdownMaxWait(Duration.ofSeconds(5))
                    .addSchedulerListener(new AbstractSchedulerListener() {
                        @Override
                        public void onExecutionComplete(ExecutionComplete complete) {
                            done.countDown();
                        }
                    })
                    .build();
            long began = System.nanoTime();
            scheduler.start();
            boolean finished = done.await(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - began) / 1e9;
            scheduler.stop();
            if (!finished) {
                throw new IllegalStateException("db-scheduler executed only " + (items - done.getCount()) + " of "
                        + items + " in 5 minutes");
            }
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    throw new IllegalStateException("db-scheduler left " + rs.getLong(1) + " executions in its table");
                }
            }
            return Double.toString(seconds);
        }
    }

    /** db-scheduler's PostgreSQL table, as its postgresql_tables.sql defines it. */
    static final List<String> DB_SCHEDULER_POSTGRES = List.of(
            "CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL, task_data bytea, "
                    + "execution_time timestamp with time zone NOT NULL, picked boolean NOT NULL, picked_by text, "
                    + "last_success timestamp with time zone, last_failure timestamp with time zone, "
                    + "consecutive_failures int, last_heartbeat timestamp with time zone, version bigint NOT NULL, "
                    + "priority smallint, PRIMARY KEY (task_name, task_instance))",
            "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
            "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
            "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority desc, execution_time asc)");

    private static String decay(String storeKind, String where, int chunks) throws Exception {
        HikariDataSource pool = null;
        ChunkStore store;
        AutoCloseable closer;
        if (storeKind.equals("postgres")) {
            pool = pool(where, 2);
            PostgresChunkStore postgres = PostgresChunkStore.open(pool);
            store = postgres;
            closer = postgres;
        } else if (storeKind.equals("sqlite")) {
            SqliteChunkStore sqlite = SqliteChunkStore.open(Path.of(where));
            store = sqlite;
            closer = sqlite;
        } else {
            throw new IllegalArgumentException("store must be postgres or sqlite; got " + storeKind);
        }
        try {
            store.createExploration(ExplorationSpec.of(EXPLORATION, chunks * BenchDatabases.CHUNK_SIZE,
                    BenchDatabases.CHUNK_SIZE));
            int tenth = chunks / 10;
            LibraryCycle cycle = new LibraryCycle(store, "pg-decay");
            long[] at = new long[chunks + 1];
            at[0] = System.nanoTime();
            for (int i = 1; i <= chunks; i++) {
                if (cycle.run() != 1) {
                    throw new IllegalStateException("the store ran dry after " + (i - 1) + " of " + chunks);
                }
                at[i] = System.nanoTime();
            }
            if (cycle.run() != 0) {
                throw new IllegalStateException("a chunk was left after " + chunks + " claims");
            }
            double first = tenth / ((at[tenth] - at[0]) / 1e9);
            double last = tenth / ((at[chunks] - at[chunks - tenth]) / 1e9);
            return first + "/" + last;
        } finally {
            closer.close();
            if (pool != null) {
                pool.close();
            }
        }
    }
}
