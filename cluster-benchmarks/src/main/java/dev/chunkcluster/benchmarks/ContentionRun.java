package dev.chunkcluster.benchmarks;

import java.io.DataInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The contention measurement, outside JMH: {@code N} worker JVMs ({@link ContentionWorker}) claim and complete against
 * one SQLite file for a fixed window, through the library, through raw JDBC and through the {@link MinimalQueue} (the
 * order reverses each round), each round on a fresh copy of the same database. Reports cycles per second over all processes (each round's,
 * their median and their mean), the p99 of the claim (the wait for the write lock plus the claim) and of the whole
 * cycle, and every error the processes saw.
 *
 * <p>Arguments (all optional): {@code --workers 4 --warmup-seconds 2 --window-seconds 10 --rounds 4
 * --out contention.properties}.
 */
public final class ContentionRun {

    /** Pending chunks in the shared database: more than 4 processes can take in a round. */
    static final int CHUNKS = 1_000_000;

    private ContentionRun() {
    }

    public static void main(String[] args) throws Exception {
        int workers = 4;
        int warmupSeconds = 2;
        int windowSeconds = 10;
        int rounds = 4;
        Path out = Path.of("contention.properties");
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--workers" -> workers = Integer.parseInt(value);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
                case "--window-seconds" -> windowSeconds = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path template = BenchDatabases.pending(CHUNKS);
        Path minimalTemplate = MinimalQueue.template(CHUNKS);
        Totals library = new Totals();
        Totals raw = new Totals();
        Totals minimal = new Totals();
        for (int round = 0; round < rounds; round++) {
            boolean libraryFirst = round % 2 == 0;
            for (String mode : libraryFirst ? new String[]{"library", "raw", "minimal"}
                    : new String[]{"minimal", "raw", "library"}) {
                Totals totals = switch (mode) {
                    case "library" -> library;
                    case "raw" -> raw;
                    default -> minimal;
                };
                long cycles = runRound(mode, round, workers, warmupSeconds, windowSeconds,
                        mode.equals("minimal") ? minimalTemplate : template, totals);
                totals.rounds.add(cycles / (double) windowSeconds);
            }
        }
        Properties result = new Properties();
        result.setProperty("workers", Integer.toString(workers));
        result.setProperty("windowSeconds", Integer.toString(windowSeconds));
        result.setProperty("warmupSeconds", Integer.toString(warmupSeconds));
        result.setProperty("rounds", Integer.toString(rounds));
        library.store(result, "library", rounds * (long) windowSeconds);
        raw.store(result, "raw", rounds * (long) windowSeconds);
        minimal.store(result, "minimal", rounds * (long) windowSeconds);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            result.store(stream, "contention: " + workers + " processes claiming and completing on one SQLite file");
        }
        System.out.printf(Locale.ROOT, "contention (%d processes, %d x %d s, median of the rounds): library %.0f "
                        + "cycles/s (p99 claim %.2f ms, p99 cycle %.2f ms, %d errors), raw JDBC %.0f cycles/s (p99 "
                        + "claim %.2f ms, p99 cycle %.2f ms, %d errors), ratio %.3f%n", workers, rounds, windowSeconds,
                library.medianPerSecond(), library.p99Claim(), library.p99Cycle(), library.errors,
                raw.medianPerSecond(), raw.p99Claim(), raw.p99Cycle(), raw.errors,
                library.medianPerSecond() / raw.medianPerSecond());
        System.out.printf(Locale.ROOT, "contention, minimal queue: %.0f cycles/s (p99 claim %.2f ms, %d errors), "
                        + "library / minimal %.3f%n", minimal.medianPerSecond(), minimal.p99Claim(), minimal.errors,
                library.medianPerSecond() / minimal.medianPerSecond());
    }

    /** One round of one side; returns the cycles all its processes completed in the window. */
    private static long runRound(String mode, int round, int workers, int warmupSeconds, int windowSeconds,
                                 Path template, Totals totals) throws IOException, InterruptedException {
        Path database = BenchDatabases.copy(template, "contention-" + mode);
        Path results = Files.createDirectories(BenchDatabases.directory().resolve("contention"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        long startAt = System.currentTimeMillis() + 3_000;
        List<Process> processes = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Path workerOut = results.resolve(mode + "-round" + round + "-worker" + w);
            outs.add(workerOut);
            processes.add(new ProcessBuilder(java, "-Xmx256m", "-cp", classpath,
                    ContentionWorker.class.getName(), mode, database.toString(), Long.toString(startAt),
                    Long.toString(warmupSeconds * 1000L), Long.toString(windowSeconds * 1000L), workerOut.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of(workerOut + ".log").toFile())
                    .start());
        }
        long roundCycles = 0;
        for (int w = 0; w < workers; w++) {
            Process process = processes.get(w);
            if (!process.waitFor(warmupSeconds + windowSeconds + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("contention worker " + w + " did not finish; see " + outs.get(w)
                        + ".log");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("contention worker " + w + " exited with " + process.exitValue()
                        + ": " + Files.readString(Path.of(outs.get(w) + ".log")));
            }
            roundCycles += totals.add(outs.get(w));
        }
        BenchDatabases.delete(database);
        System.out.printf(Locale.ROOT, "contention round %d, %s: %d cycles in %d s (%.0f/s)%n", round, mode,
                roundCycles, windowSeconds, roundCycles / (double) windowSeconds);
        return roundCycles;
    }

    /** Cycles, errors and latencies summed over processes and rounds, and each round's cycles per second. */
    static final class Totals {
        final List<Double> rounds = new ArrayList<>();
        long cycles;
        long errors;
        String firstError = "";
        int[] claimMicros = new int[0];
        int[] cycleMicros = new int[0];

        long add(Path workerOut) throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(workerOut + ".properties"))) {
                properties.load(in);
            }
            long workerCycles = Long.parseLong(properties.getProperty("cycles"));
            cycles += workerCycles;
            errors += Long.parseLong(properties.getProperty("errors"));
            if (firstError.isEmpty()) {
                firstError = properties.getProperty("firstError", "");
            }
            try (DataInputStream data = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(Path.of(workerOut + ".latencies"))))) {
                int count = data.readInt();
                int offset = claimMicros.length;
                claimMicros = Arrays.copyOf(claimMicros, offset + count);
                cycleMicros = Arrays.copyOf(cycleMicros, offset + count);
                for (int i = 0; i < count; i++) {
                    claimMicros[offset + i] = data.readInt();
                    cycleMicros[offset + i] = data.readInt();
                }
            }
            return workerCycles;
        }

        double perSecond(long seconds) {
            return cycles / (double) seconds;
        }

        /** The median of the rounds' cycles per second: one slow or fast round moves it little. */
        double medianPerSecond() {
            return EndToEnd.median(rounds);
        }

        double p99Claim() {
            return percentile(claimMicros, 0.99) / 1000.0;
        }

        double p99Cycle() {
            return percentile(cycleMicros, 0.99) / 1000.0;
        }

        double p50Cycle() {
            return percentile(cycleMicros, 0.50) / 1000.0;
        }

        void store(Properties properties, String prefix, long seconds) {
            properties.setProperty(prefix + ".cycles", Long.toString(cycles));
            properties.setProperty(prefix + ".cyclesPerSecond", String.format(Locale.ROOT, "%.1f", perSecond(seconds)));
            properties.setProperty(prefix + ".medianCyclesPerSecond", String.format(Locale.ROOT, "%.1f",
                    medianPerSecond()));
            properties.setProperty(prefix + ".roundsCyclesPerSecond", rounds.stream()
                    .map(r -> String.format(Locale.ROOT, "%.0f", r)).collect(Collectors.joining(", ")));
            properties.setProperty(prefix + ".p99ClaimMs", String.format(Locale.ROOT, "%.3f", p99Claim()));
            properties.setProperty(prefix + ".p99CycleMs", String.format(Locale.ROOT, "%.3f", p99Cycle()));
            properties.setProperty(prefix + ".p50CycleMs", String.format(Locale.ROOT, "%.3f", p50Cycle()));
            properties.setProperty(prefix + ".errors", Long.toString(errors));
            properties.setProperty(prefix + ".firstError", firstError);
        }
    }

    /** The value at quantile {@code q} (nearest rank) of {@code values}; 0 when empty. */
    static double percentile(int[] values, double q) {
        if (values.length == 0) {
            return 0;
        }
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
