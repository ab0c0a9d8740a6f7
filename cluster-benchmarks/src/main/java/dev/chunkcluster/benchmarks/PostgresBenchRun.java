package dev.chunkcluster.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.benchmarks.BenchDatabases.CHUNK_SIZE;
import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;

/**
 * The PostgreSQL benchmarks, on one server started for the run ({@link PostgresServer}: the installed binaries, on
 * 127.0.0.1, stopped by its recorded pid at the end), every measurement on a fresh copy of a template database:
 * <ul>
 *   <li>claim+complete and batch-{@value PostgresBenchWorker#BATCH} claims, the library against a minimal raw
 *       {@code SKIP LOCKED} queue of its own table, with 1 and 4 worker processes, the sides' order alternating
 *       between repetitions;</li>
 *   <li>a drain of the same number of no-op items by the library's worker loop and by db-scheduler;</li>
 *   <li>the queue head: one worker draining {@code --decay-chunks} chunks on PostgreSQL and on SQLite, the rate in the
 *       first and the last tenth.</li>
 * </ul>
 * Writes what it measured to {@code --out} (a properties file that {@link PostgresReport} turns into Markdown).
 *
 * <p>Options: {@code --out FILE} (required), {@code --reps N} (3), {@code --warmup-seconds S} (3),
 * {@code --window-seconds S} (2), {@code --chunks N} (600000, so that batch claims by 4 processes on a quiet machine
 * do not run dry), {@code --drain-items N} (10000),
 * {@code --decay-chunks N} (200000), {@code --steps window,drain,decay}, {@code --kinds cc,batch},
 * {@code --processes 1,4} (to run a part only).
 */
public final class PostgresBenchRun {

    private PostgresBenchRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path out = Path.of(required(options, "out"));
        int reps = Integer.parseInt(options.getOrDefault("reps", "3"));
        long warmupMs = Long.parseLong(options.getOrDefault("warmup-seconds", "3")) * 1000;
        long windowMs = Long.parseLong(options.getOrDefault("window-seconds", "2")) * 1000;
        int chunks = Integer.parseInt(options.getOrDefault("chunks", "600000"));
        int drainItems = Integer.parseInt(options.getOrDefault("drain-items", "10000"));
        int decayChunks = Integer.parseInt(options.getOrDefault("decay-chunks", "200000"));
        List<String> kinds = List.of(options.getOrDefault("kinds", "cc,batch").split(","));
        List<Integer> processCounts = List.of(options.getOrDefault("processes", "1,4").split(",")).stream()
                .map(Integer::valueOf).toList();
        List<String> steps = List.of(options.getOrDefault("steps", "window,drain,decay").split(","));

        Properties results = new Properties();
        results.setProperty("loadStart", BenchmarkResults.loadAverage());
        results.setProperty("reps", Integer.toString(reps));
        results.setProperty("warmupSeconds", Long.toString(warmupMs / 1000));
        results.setProperty("windowSeconds", Long.toString(windowMs / 1000));
        results.setProperty("chunks", Integer.toString(chunks));
        results.setProperty("drainItems", Integer.toString(drainItems));
        results.setProperty("decayChunks", Integer.toString(decayChunks));
        long started = System.nanoTime();
        PostgresServer server = PostgresServer.start();
        Thread stopServer = new Thread(server::stopAndDelete, "pg-bench-server-stop");
        Runtime.getRuntime().addShutdownHook(stopServer);
        try {
            results.setProperty("postgresVersion", server.psql("postgres", "SHOW server_version").get(0));
            String libraryTemplate = libraryTemplate(server, "tpl_library", chunks);
            String drainTemplate = libraryTemplate(server, "tpl_drain", drainItems);
            String rawTemplate = rawTemplate(server, chunks);

            for (int rep = 0; rep < reps && steps.contains("window"); rep++) {
                for (int processes : processCounts) {
                    for (String kind : kinds) {
                        List<String> sides = rep % 2 == 0 ? List.of("library", "raw") : List.of("raw", "library");
                        for (String side : sides) {
                            String database = copy(server, side.equals("library") ? libraryTemplate : rawTemplate);
                            double rate = window(server.jdbcUrl(database), kind, side, processes, warmupMs, windowMs);
                            drop(server, database);
                            add(results, kind + "." + side + "." + processes, rate);
                            log("%s %s %d process(es): %.0f chunks/s", kind, side, processes, rate);
                        }
                    }
                }
            }
            for (int rep = 0; rep < reps && steps.contains("drain"); rep++) {
                List<String> drainers = rep % 2 == 0 ? List.of("library", "dbscheduler")
                        : List.of("dbscheduler", "library");
                for (String side : drainers) {
                    String database = side.equals("library") ? copy(server, drainTemplate) : empty(server);
                    double seconds = Double.parseDouble(child(List.of("drain", side, server.jdbcUrl(database),
                            Integer.toString(drainItems)), 10));
                    drop(server, database);
                    add(results, "drain." + side, drainItems / seconds);
                    log("drain %s: %d items in %.2f s", side, drainItems, seconds);
                }
            }

            if (steps.contains("decay")) {
                String decayDatabase = empty(server);
                decay(results, "postgres", List.of("decay", "postgres", server.jdbcUrl(decayDatabase),
                        Integer.toString(decayChunks)));
                drop(server, decayDatabase);
                Path sqlite = BenchDatabases.directory().resolve("pg-bench-decay-" + ProcessHandle.current().pid()
                        + ".db");
                decay(results, "sqlite", List.of("decay", "sqlite", sqlite.toString(),
                        Integer.toString(decayChunks)));
                BenchDatabases.delete(sqlite);
            }
        } finally {
            server.stopAndDelete();
            Runtime.getRuntime().removeShutdownHook(stopServer);
        }
        results.setProperty("durationSeconds", Long.toString((System.nanoTime() - started) / 1_000_000_000L));
        results.setProperty("loadEnd", BenchmarkResults.loadAverage());
        try (OutputStream stream = Files.newOutputStream(out)) {
            results.store(stream, "PostgreSQL benchmarks");
        }
        log("done in %s s; results in %s", results.getProperty("durationSeconds"), out);
    }

    private static void decay(Properties results, String store, List<String> arguments) throws Exception {
        String[] rates = child(arguments, 20).split("/");
        results.setProperty("decay." + store + ".first", rates[0]);
        results.setProperty("decay." + store + ".last", rates[1]);
        log("decay %s: first tenth %.0f chunks/s, last tenth %.0f chunks/s", store, Double.parseDouble(rates[0]),
                Double.parseDouble(rates[1]));
    }

    /**
     * Chunks per second summed over {@code processes} workers started together: each is started, says it is ready
     * (connected, store open), and then all are given the same start instant.
     */
    private static double window(String url, String kind, String side, int processes, long warmupMs, long windowMs)
            throws Exception {
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            Process child = start(List.of("window", kind, side, url, Long.toString(warmupMs),
                    Long.toString(windowMs)));
            children.add(child);
            outputs.add(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < processes; i++) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = outputs.get(i).readLine()) != null && !line.equals(PostgresBenchWorker.READY)) {
                seen.append(line).append('\n');
            }
            if (line == null) {
                throw new IllegalStateException("benchmark worker " + children.get(i).pid() + " ended before it was "
                        + "ready:\n" + seen);
            }
        }
        long startAt = System.currentTimeMillis() + 200;
        for (Process child : children) {
            try (Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write(startAt + "\n");
            }
        }
        long total = 0;
        for (int i = 0; i < processes; i++) {
            total += Long.parseLong(await(children.get(i), outputs.get(i), 2));
        }
        return total / (windowMs / 1000.0);
    }

    private static String child(List<String> arguments, int timeoutMinutes) throws Exception {
        Process child = start(arguments);
        return await(child, new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)),
                timeoutMinutes);
    }

    private static Process start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), PostgresBenchWorker.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The worker's {@code result=} value, once it has exited. */
    private static String await(Process child, BufferedReader output, int timeoutMinutes) throws Exception {
        StringBuilder text = new StringBuilder();
        String line;
        String result = null;
        while ((line = output.readLine()) != null) {
            text.append(line).append('\n');
            if (line.startsWith("result=")) {
                result = line.substring("result=".length());
            }
        }
        if (!child.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException("benchmark worker " + child.pid() + " did not finish in " + timeoutMinutes
                    + " min");
        }
        if (child.exitValue() != 0 || result == null) {
            throw new IllegalStateException("benchmark worker " + child.pid() + " failed (exit " + child.exitValue()
                    + "):\n" + text);
        }
        return result;
    }

    private static String libraryTemplate(PostgresServer server, String prefix, int chunks) {
        String name = server.createDatabase(prefix);
        try (HikariDataSource pool = PostgresBenchWorker.pool(server.jdbcUrl(name), 2);
             PostgresChunkStore store = PostgresChunkStore.open(pool)) {
            store.createExploration(ExplorationSpec.of(EXPLORATION, chunks * CHUNK_SIZE, CHUNK_SIZE));
        }
        server.execute(name, "VACUUM ANALYZE");
        return name;
    }

    private static String rawTemplate(PostgresServer server, int chunks) {
        String name = server.createDatabase("tpl_raw");
        List<String> sql = new ArrayList<>(PostgresBenchWorker.RAW_SCHEMA);
        sql.add("INSERT INTO raw_chunks (id, status) SELECT g, 'pending' FROM generate_series(1, " + chunks + ") g");
        server.execute(name, sql.toArray(String[]::new));
        server.execute(name, "VACUUM ANALYZE");
        return name;
    }

    private static int copies;

    private static String copy(PostgresServer server, String template) {
        String name = "bench_" + (++copies);
        server.execute("postgres", "CREATE DATABASE " + name + " TEMPLATE " + template);
        return name;
    }

    private static String empty(PostgresServer server) {
        return server.createDatabase("bench_empty");
    }

    private static void drop(PostgresServer server, String database) {
        server.execute("postgres", "DROP DATABASE " + database);
    }

    private static void add(Properties results, String key, double value) {
        String previous = results.getProperty(key);
        String text = String.format(java.util.Locale.ROOT, "%.1f", value);
        results.setProperty(key, previous == null ? text : previous + "," + text);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[pg-bench] " + format + "%n", args);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs; got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
