package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What {@link EndToEnd} learns about the worker JVMs of a cluster run: from the process adapter's registry while the
 * run goes (launch instant, peak resident memory), and from the database after it (each worker's first claim).
 */
final class WorkerWatch {

    private WorkerWatch() {
    }

    /** A worker JVM seen during a cluster run. */
    static final class Worker {
        final long pid;
        /** When its launcher started it: the registry's launchedAt, the launcher's clock just before the start. */
        final Instant launched;
        long peakRssKb;

        Worker(long pid, Instant launched) {
            this.pid = pid;
            this.launched = launched;
        }
    }

    /**
     * Records every worker the process adapter's registry lists (one properties file per process, removed when it is
     * reaped) and the largest peak resident memory seen for it while it is listed.
     */
    static void watchWorkers(Path registry, Map<Long, Worker> seen) {
        if (!Files.isDirectory(registry)) {
            return;
        }
        try (var files = Files.list(registry)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties entry = new Properties();
                try (var in = Files.newInputStream(file)) {
                    entry.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    continue;
                }
                if (!"worker".equals(entry.getProperty("role")) || entry.getProperty("pid") == null
                        || entry.getProperty("launchedAt") == null) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(entry.getProperty("pid"));
                    Instant launched = Instant.parse(entry.getProperty("launchedAt"));
                    Worker worker = seen.computeIfAbsent(pid, p -> new Worker(p, launched));
                    worker.peakRssKb = Math.max(worker.peakRssKb, peakRssKb(pid));
                } catch (RuntimeException e) {
                    // a half-written or foreign file
                }
            }
        } catch (IOException e) {
            // the directory went away with the cluster
        }
    }

    /** VmHWM of a live process in KiB, 0 when it is gone or the OS does not tell. */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between listing and reading
        }
        return 0;
    }

    /** Each worker's first claim: the earliest {@code started_at} among the chunks it holds or completed. */
    static Map<Long, Instant> firstClaims(Path database) throws SQLException {
        Map<Long, Instant> claims = new LinkedHashMap<>();
        try (Connection connection = RawChunkJdbc.connect(database);
             PreparedStatement select = connection.prepareStatement("SELECT assigned_worker, MIN(started_at) "
                     + "FROM chunks WHERE assigned_worker LIKE 'worker-%' AND started_at IS NOT NULL "
                     + "GROUP BY assigned_worker");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                try {
                    long pid = Long.parseLong(rs.getString(1).substring("worker-".length()));
                    claims.put(pid, Instant.parse(rs.getString(2)));
                } catch (RuntimeException e) {
                    // a worker id of another shape: not one of ours
                }
            }
        }
        return claims;
    }
}
