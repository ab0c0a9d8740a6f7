package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.Lease;
import org.sqlite.SQLiteConfig;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Claim+complete cycles per second through the library against a raw JDBC loop that runs the same SQL on the same
 * schema with the same settings (BEGIN IMMEDIATE, busy_timeout, synchronous=NORMAL), in 1 and in 4 processes.
 *
 * <pre>
 * mvn -B -q -pl cluster-sqlite-adapter test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd cluster-sqlite-adapter
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.chunkcluster.sqlite.ThroughputMain WORK_DIR [CHUNKS_PER_RUN] [ROUNDS] [PROCESSES...]
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.chunkcluster.sqlite.ThroughputMain interleaved WORK_DIR BLOCKS CYCLES_PER_BLOCK
 * </pre>
 *
 * Each run makes a fresh database with CHUNKS_PER_RUN chunks of one combination. Every worker process first warms up
 * on its own exploration; when all are ready they start together and claim and complete until nothing is left. The
 * rate is all cycles over the time from the common start to the last worker's end. Modes alternate so that background
 * load hits both alike; each run also prints CPU time per cycle, which load disturbs much less than wall time.
 */
public final class ThroughputMain {

    private static final String BENCH = "bench";
    /** Cycles each worker runs before the clock starts; {@code -Dbench.warmup=N} overrides. */
    private static final int WARMUP_CHUNKS = Integer.getInteger("bench.warmup", 10_000);
    private static final Duration LEASE = Duration.ofMinutes(10);

    private ThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args[1], Path.of(args[2]), Path.of(args[3]), args[4]);
            return;
        }
        if (args.length > 0 && args[0].equals("interleaved")) {
            interleaved(Files.createDirectories(Path.of(args[1])), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]));
            return;
        }
        Path work = Files.createDirectories(Path.of(args[0]));
        int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Integer> processCounts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            processCounts.add(Integer.parseInt(args[i]));
        }
        if (processCounts.isEmpty()) {
            processCounts = List.of(1, 4);
        }
        System.out.printf(Locale.ROOT, "%d chunks per run, %d rounds, processes %s%n", chunks, rounds, processCounts);
        for (int processes : processCounts) {
            List<Double> jdbc = new ArrayList<>();
            List<Double> library = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (String mode : round % 2 == 0 ? List.of("jdbc", "library") : List.of("library", "jdbc")) {
                    double rate = run(work, mode, processes, chunks, round);
                    (mode.equals("jdbc") ? jdbc : library).add(rate);
                    System.out.printf(Locale.ROOT, "  %d process(es), round %d, %-7s %8.0f cycles/s%n", processes,
                            round, mode, rate);
                }
            }
            double jdbcMedian = median(jdbc);
            double libraryMedian = median(library);
            System.out.printf(Locale.ROOT, "%d process(es): raw JDBC median %.0f cycles/s, library median %.0f "
                    + "cycles/s, library/JDBC = %.3f%n", processes, jdbcMedian, libraryMedian,
                    libraryMedian / jdbcMedian);
        }
    }

    private static double run(Path work, String mode, int processes, int chunks, int round) throws Exception {
        Path database = work.resolve("bench-" + mode + "-" + processes + "-" + round + ".db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(database + suffix));
        }
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of(BENCH, chunks, 1));
            for (int p = 0; p < processes; p++) {
                store.createExploration(ExplorationSpec.of("warmup-" + p, WARMUP_CHUNKS + 1, 1));
            }
        }
        Path go = work.resolve("go");
        Files.deleteIfExists(go);
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            Path out = work.resolve("worker-" + p + ".out");
            Files.deleteIfExists(Path.of(out + ".ready"));
            outputs.add(out);
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dbench.warmup=" + WARMUP_CHUNKS,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), ThroughputMain.class.getName(),
                    "worker", mode, database.toString(), go.toString(), String.valueOf(p))
                    .redirectOutput(out.toFile())
                    .redirectError(new File(out + ".err"))
                    .start());
        }
        // Start every worker's clock together, once all have opened the file and warmed up.
        for (int p = 0; p < processes; p++) {
            Path ready = Path.of(outputs.get(p) + ".ready");
            while (!Files.exists(ready)) {
                if (!children.get(p).isAlive()) {
                    throw new IllegalStateException("worker " + p + " died: "
                            + Files.readString(Path.of(outputs.get(p) + ".err")));
                }
                Thread.sleep(5);
            }
        }
        long startAt = System.currentTimeMillis();
        Files.createFile(go);
        long cycles = 0;
        long lastEnd = 0;
        long threadCpu = 0;
        long processCpu = 0;
        for (int p = 0; p < processes; p++) {
            if (!children.get(p).waitFor(10, TimeUnit.MINUTES) || children.get(p).exitValue() != 0) {
                throw new IllegalStateException("worker " + p + " failed: "
                        + Files.readString(Path.of(outputs.get(p) + ".err")));
            }
            String[] result = Files.readString(outputs.get(p), StandardCharsets.UTF_8).trim().split(" ");
            cycles += Long.parseLong(result[0]);
            lastEnd = Math.max(lastEnd, Long.parseLong(result[1]));
            threadCpu += Long.parseLong(result[2]);
            processCpu += Long.parseLong(result[3]);
        }
        if (cycles != chunks) {
            throw new IllegalStateException(mode + ": " + cycles + " cycles for " + chunks + " chunks");
        }
        System.out.printf(Locale.ROOT, "    %s: CPU per cycle %.1f us in the loop's thread, %.1f us in the whole JVM%n",
                mode, threadCpu / 1e3 / cycles, processCpu / 1e3 / cycles);
        return cycles * 1000.0 / (lastEnd - startAt);
    }

    /**
     * One process, one file, two connections: blocks of library cycles and raw JDBC cycles take turns, so that load
     * from other programs on the machine falls on both alike. Reports wall time and this thread's CPU time per cycle.
     */
    private static void interleaved(Path work, int blocks, int perBlock) throws Exception {
        Path database = work.resolve("interleaved.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(database + suffix));
        }
        long chunks = (long) blocks * perBlock + WARMUP_CHUNKS;
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("library", chunks, 1));
            store.createExploration(ExplorationSpec.of("jdbc", chunks, 1));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (Loop library = new LibraryLoop(database); Loop jdbc = new JdbcLoop(database)) {
            for (int i = 0; i < WARMUP_CHUNKS; i++) {
                library.cycle("library", "w");
                jdbc.cycle("jdbc", "w");
            }
            long[] wall = new long[2];
            long[] cpu = new long[2];
            for (int block = 0; block < blocks; block++) {
                for (int turn = 0; turn < 2; turn++) {
                    // Who goes first alternates, so that checkpoints and the other side's cache misses even out.
                    int side = (block + turn) % 2;
                    Loop loop = side == 0 ? library : jdbc;
                    String exploration = side == 0 ? "library" : "jdbc";
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    for (int i = 0; i < perBlock; i++) {
                        loop.cycle(exploration, "w");
                    }
                    wall[side] += System.nanoTime() - start;
                    cpu[side] += threads.getCurrentThreadCpuTime() - cpuStart;
                }
            }
            double cycles = (double) blocks * perBlock;
            System.out.printf(Locale.ROOT, "interleaved, %d blocks of %d cycles: library %.0f cycles/s (%.1f us "
                            + "CPU per cycle), raw JDBC %.0f cycles/s (%.1f us CPU per cycle); library/JDBC: wall "
                            + "%.3f, CPU %.3f%n", blocks, perBlock,
                    cycles * 1e9 / wall[0], cpu[0] / 1e3 / cycles, cycles * 1e9 / wall[1], cpu[1] / 1e3 / cycles,
                    (double) wall[1] / wall[0], (double) cpu[1] / cpu[0]);
        }
    }

    /**
     * Warms up, says it is ready, waits for the go file, runs, and prints
     * "CYCLES END_EPOCH_MILLIS THREAD_CPU_NANOS PROCESS_CPU_NANOS".
     */
    private static void worker(String mode, Path database, Path go, String id) throws Exception {
        Loop loop = mode.equals("jdbc") ? new JdbcLoop(database) : new LibraryLoop(database);
        try (loop) {
            String worker = "w" + id;
            // Stop short of draining the warm-up exploration: the JIT would deoptimize at the first empty claim and
            // compile again while the clock runs.
            for (int i = 0; i < WARMUP_CHUNKS; i++) {
                loop.cycle("warmup-" + id, worker);
            }
            Files.createFile(go.resolveSibling("worker-" + id + ".out.ready"));
            while (!Files.exists(go)) {
                Thread.sleep(1);
            }
            long threadCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long processCpu = processCpuNanos();
            long cycles = 0;
            while (loop.cycle(BENCH, worker)) {
                cycles++;
            }
            long end = System.currentTimeMillis();
            threadCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu;
            processCpu = processCpuNanos() - processCpu;
            System.out.println(cycles + " " + end + " " + threadCpu + " " + processCpu);
        }
    }

    /** CPU time of the whole JVM: the loop's thread plus garbage collection and the JIT compiler. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private interface Loop extends AutoCloseable {
        /** Claims and completes one chunk; false when none was left. */
        boolean cycle(String exploration, String worker) throws Exception;

        @Override
        void close() throws SQLException;
    }

    private static final class LibraryLoop implements Loop {
        private final SqliteChunkStore store;

        LibraryLoop(Path database) {
            store = SqliteChunkStore.open(database);
        }

        @Override
        public boolean cycle(String exploration, String worker) {
            Optional<Lease> lease = store.claim(exploration, worker, LEASE);
            if (lease.isEmpty()) {
                return false;
            }
            if (!store.complete(lease.get().token(), "r").applied()) {
                throw new IllegalStateException("stale " + lease.get().token());
            }
            return true;
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** What the library does for a claim and a completion, written by hand against JDBC. */
    private static final class JdbcLoop implements Loop {
        private final Connection connection;
        private final PreparedStatement begin;
        private final PreparedStatement commit;
        private final PreparedStatement exploration;
        private final PreparedStatement claim;
        private final PreparedStatement complete;
        private final Clock clock = Clock.systemUTC();
        private long ranges;

        JdbcLoop(Path database) throws SQLException {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(10_000);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
            connection = config.createConnection("jdbc:sqlite:" + database);
            ChunkSql sql = ChunkSql.SQLITE;
            begin = connection.prepareStatement("BEGIN IMMEDIATE");
            commit = connection.prepareStatement("COMMIT");
            exploration = connection.prepareStatement(sql.desiredStateByName.sql());
            claim = connection.prepareStatement(sql.claim.sql());
            complete = connection.prepareStatement(sql.complete.sql());
        }

        @Override
        public boolean cycle(String name, String worker) throws SQLException {
            Instant now = Timestamps.truncate(clock.instant());
            begin.execute();
            exploration.setString(1, name);
            try (ResultSet rs = exploration.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals("running")) {
                    throw new IllegalStateException("exploration " + name + " is not running");
                }
            }
            claim.setString(1, worker);
            claim.setString(2, Timestamps.format(now));
            claim.setString(3, Timestamps.format(Timestamps.truncate(now.plus(LEASE))));
            claim.setString(4, name);
            claim.setInt(5, 1);
            long id;
            int attempt;
            try (ResultSet rs = claim.executeQuery()) {
                if (!rs.next()) {
                    commit.execute();
                    return false;
                }
                // The same columns the library reads to build its lease.
                id = rs.getLong(1);
                ranges += rs.getInt(2) + rs.getLong(3) + rs.getLong(4);
                attempt = rs.getInt(5);
            }
            commit.execute();

            begin.execute();
            complete.setString(1, Timestamps.format(Timestamps.truncate(clock.instant())));
            complete.setString(2, "r");
            complete.setLong(3, id);
            complete.setInt(4, attempt);
            complete.setString(5, worker);
            if (complete.executeUpdate() != 1) {
                throw new IllegalStateException("stale chunk " + id);
            }
            commit.execute();
            return true;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
