package dev.chunkcluster.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.ExplorationSnapshot;
import dev.chunkcluster.core.port.ResetResult;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresServer;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Properties;

import static dev.chunkcluster.benchmarks.BenchDatabases.CHUNK_SIZE;
import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;

/**
 * The store at size: an exploration of {@code --chunks} chunks (ten million unless told) on SQLite and on PostgreSQL,
 * and before it, in the same store, one of a tenth of that size with as many completed and running chunks, timing the
 * creation, the full status, the top ten results and Stop's database step of each: a cost that does not grow with
 * the exploration is the same at both sizes. Before the reads, the first {@code --completed} chunks are set completed
 * with a result and the next {@code --running} running, by hand in SQL as a person would (the counts follow by the
 * schema's triggers). Status and top ten are timed {@value #READS} times, the median kept. Writes
 * {@code scale.<store>.<size>.<step>Ms} to {@code --out} ({@code size} is {@code tenth} or {@code full}), the largest
 * heap in use during each exploration's steps, garbage included ({@code scale.<store>.<size>.peakHeapMb}, the sum of
 * the heap pools' peaks), and this process's peak resident memory at the end ({@code scale.peakRssMb}, VmHWM). run.sh
 * caps the heap far below the chunks' size ({@code -Xmx64m}), so a step that held every chunk would fail the run;
 * {@link ScaleReport} turns the file into a section of {@code docs/benchmarks.md}.
 *
 * <p>Options: {@code --out FILE} (required), {@code --chunks N} (10000000), {@code --completed N} (100000),
 * {@code --running N} (100000), {@code --stores sqlite,postgres}, {@code --commit ID} (recorded with the figures).
 * Not a test: at ten million chunks it takes minutes and gigabytes; run.sh runs it only when asked.
 */
public final class ScaleRun {

    static final int READS = 5;

    private ScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        Properties options = new Properties();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs; got " + String.join(" ", args));
            }
            options.setProperty(args[i].substring(2), args[i + 1]);
        }
        if (options.getProperty("out") == null) {
            throw new IllegalArgumentException("--out is required");
        }
        int chunks = Integer.parseInt(options.getProperty("chunks", "10000000"));
        int completed = Integer.parseInt(options.getProperty("completed", "100000"));
        int running = Integer.parseInt(options.getProperty("running", "100000"));
        if (completed + running > chunks / 10) {
            throw new IllegalArgumentException("--completed + --running must not exceed a tenth of --chunks");
        }
        Properties results = new Properties();
        results.setProperty("scale.chunks", Integer.toString(chunks));
        results.setProperty("scale.completed", Integer.toString(completed));
        results.setProperty("scale.running", Integer.toString(running));
        results.setProperty("scale.commit", options.getProperty("commit", "?"));
        results.setProperty("scale.date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.setProperty("scale.loadStart", BenchmarkResults.loadAverage());
        for (String store : options.getProperty("stores", "sqlite,postgres").split(",")) {
            switch (store) {
                case "sqlite" -> sqlite(results, chunks, completed, running);
                case "postgres" -> postgres(results, chunks, completed, running);
                default -> throw new IllegalArgumentException("stores are sqlite and postgres; got " + store);
            }
        }
        results.setProperty("scale.loadEnd", BenchmarkResults.loadAverage());
        results.setProperty("scale.peakRssMb", Long.toString(peakRssKb() / 1024));
        System.out.printf(Locale.ROOT, "[scale] peak resident memory of this process %s MB (max heap %d MB)%n",
                results.getProperty("scale.peakRssMb"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        try (OutputStream out = Files.newOutputStream(Path.of(options.getProperty("out")))) {
            results.store(out, "ChunkCluster at size");
        }
    }

    private static void sqlite(Properties results, int chunks, int completed, int running) throws Exception {
        Path file = BenchDatabases.directory().resolve("scale-" + ProcessHandle.current().pid() + ".db");
        try {
            try (SqliteChunkStore store = SqliteChunkStore.open(file)) {
                measureBothSizes(results, "sqlite", store, chunks, completed, running,
                        () -> DriverManager.getConnection("jdbc:sqlite:" + file));
            }
        } finally {
            BenchDatabases.delete(file);
        }
    }

    private static void postgres(Properties results, int chunks, int completed, int running) throws Exception {
        PostgresServer server = PostgresServer.start();
        try {
            String database = server.createDatabase("scale");
            try (HikariDataSource pool = PostgresBenchWorker.pool(server.jdbcUrl(database), 2);
                 PostgresChunkStore store = PostgresChunkStore.open(pool)) {
                measureBothSizes(results, "postgres", store, chunks, completed, running, pool::getConnection);
            }
        } finally {
            server.stopAndDelete();
        }
    }

    @FunctionalInterface
    private interface Connector {
        Connection connect() throws SQLException;
    }

    private static void measureBothSizes(Properties results, String store, ChunkStore chunkStore, int chunks,
                                         int completed, int running, Connector sql) throws Exception {
        measure(results, store + ".tenth", chunkStore, EXPLORATION + "-tenth", chunks / 10, completed, running, sql);
        measure(results, store + ".full", chunkStore, EXPLORATION, chunks, completed, running, sql);
    }

    private static void measure(Properties results, String name, ChunkStore store, String exploration, int chunks,
                                int completed, int running, Connector sql) throws Exception {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long began = System.nanoTime();
        store.createExploration(ExplorationSpec.of(exploration, (long) chunks * CHUNK_SIZE, CHUNK_SIZE));
        record(results, name, "create", began);

        try (Connection connection = sql.connect();
             PreparedStatement complete = connection.prepareStatement("UPDATE chunks SET status = 'completed', "
                     + "attempt = 1, tested = combination_count, result = '{\"score\":' || ((idx * 7919) % 100003) "
                     + "|| '}' WHERE exploration = ? AND idx < ?");
             PreparedStatement start = connection.prepareStatement("UPDATE chunks SET status = 'running', "
                     + "attempt = 1, assigned_worker = 'w', lease_expires_at = '2999-01-01T00:00:00.000Z' "
                     + "WHERE exploration = ? AND idx >= ? AND idx < ?");
             Statement statement = connection.createStatement()) {
            complete.setString(1, exploration);
            complete.setInt(2, completed);
            complete.executeUpdate();
            start.setString(1, exploration);
            start.setInt(2, completed);
            start.setInt(3, completed + running);
            start.executeUpdate();
            if (name.startsWith("postgres")) {
                statement.execute("VACUUM ANALYZE chunks");
            }
        }

        long[] status = new long[READS];
        long[] top = new long[READS];
        for (int i = 0; i < READS; i++) {
            long at = System.nanoTime();
            ExplorationSnapshot snapshot = store.snapshot(exploration);
            status[i] = System.nanoTime() - at;
            if (snapshot.counts().running() != running || snapshot.counts().completed() != completed) {
                throw new IllegalStateException(name + ": the status counts " + snapshot.counts() + ", expected "
                        + running + " running and " + completed + " completed");
            }
            at = System.nanoTime();
            List<Long> best = topTen(store, exploration);
            top[i] = System.nanoTime() - at;
            if (completed >= 10 && best.size() != 10) {
                throw new IllegalStateException(name + ": top ten has " + best.size() + " results");
            }
        }
        results.setProperty("scale." + name + ".statusMs", millis(median(status)));
        results.setProperty("scale." + name + ".top10Ms", millis(median(top)));

        began = System.nanoTime();
        ResetResult reset = store.resetRunning(exploration, DesiredState.STOPPED);
        record(results, name, "stop", began);
        if (reset.reset() != running) {
            throw new IllegalStateException(name + ": Stop reset " + reset.reset() + " chunks, expected " + running);
        }
        long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        results.setProperty("scale." + name + ".peakHeapMb", Long.toString(peakHeap / (1024 * 1024)));
        System.out.printf(Locale.ROOT, "[scale] %s, %d chunks: create %s ms, status %s ms, top 10 %s ms, Stop "
                        + "(%d running) %s ms, peak heap %s MB%n", name, chunks,
                results.getProperty("scale." + name + ".createMs"), results.getProperty("scale." + name + ".statusMs"),
                results.getProperty("scale." + name + ".top10Ms"), running,
                results.getProperty("scale." + name + ".stopMs"), results.getProperty("scale." + name + ".peakHeapMb"));
    }

    /** The ten best scores of the completed chunks, read a page at a time. */
    private static List<Long> topTen(ChunkStore store, String exploration) {
        PriorityQueue<Long> best = new PriorityQueue<>();
        store.forEachChunk(exploration, ChunkStatus.COMPLETED, chunk -> {
            String result = chunk.result();
            long score = Long.parseLong(result.substring(result.indexOf(':') + 1, result.length() - 1));
            best.add(score);
            if (best.size() > 10) {
                best.poll();
            }
        });
        return new ArrayList<>(best);
    }

    private static void record(Properties results, String store, String step, long began) {
        results.setProperty("scale." + store + "." + step + "Ms", millis(System.nanoTime() - began));
    }

    /** This process's peak resident memory in kB (VmHWM of /proc/self/status). */
    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("/proc/self/status has no VmHWM line");
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
