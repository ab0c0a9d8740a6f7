package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Properties;

/**
 * Describes the machine and the versions at the start of a run (CPU, cores, memory, OS, JVM, load average, SQLite,
 * the libraries), for the report. Arguments: {@code <out.properties> [commit] [key=value ...]}.
 */
public final class RunInfo {

    private RunInfo() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: RunInfo <out.properties> [key=value ...]");
        }
        Properties info = new Properties();
        try (InputStream in = RunInfo.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                info.load(in);
            }
        }
        info.setProperty("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        info.setProperty("cpu", cpuModel());
        info.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.setProperty("memory", memory());
        info.setProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        info.setProperty("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        info.setProperty("loadStart", BenchmarkResults.loadAverage());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            info.setProperty("version.sqlite", rs.getString(1));
        }
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (equals > 0) {
                info.setProperty(args[i].substring(0, equals), args[i].substring(equals + 1));
            }
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            info.store(stream, "machine and versions at the start of the benchmark run");
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "?";
    }
}
