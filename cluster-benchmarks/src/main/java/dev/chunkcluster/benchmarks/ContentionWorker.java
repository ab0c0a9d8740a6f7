package dev.chunkcluster.benchmarks;

import dev.chunkcluster.core.port.CompletionAndClaim;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;

import static dev.chunkcluster.benchmarks.BenchDatabases.EXPLORATION;
import static dev.chunkcluster.benchmarks.BenchDatabases.LEASE;

/**
 * One of the processes of the contention run ({@link ContentionRun}): claims and completes chunks in a loop, through
 * the library (as its worker loop does: each completion with the next claim in one transaction), through raw JDBC (the
 * library's statements in the same transactions) or through the {@link MinimalQueue} (a claim, then a complete), from
 * a shared start instant for a warm-up and then a measured window. Writes what it counted to {@code <out>.properties} and the measured cycles' latencies (claim
 * and cycle, in microseconds) to {@code <out>.latencies}.
 *
 * <p>Arguments: {@code library|raw|minimal <database> <start epoch ms> <warm-up ms> <window ms> <out>}.
 */
public final class ContentionWorker {

    private ContentionWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: ContentionWorker library|raw|minimal <database> <start epoch ms> "
                    + "<warm-up ms> <window ms> <out>");
        }
        String mode = args[0];
        Path database = Path.of(args[1]);
        long startEpochMs = Long.parseLong(args[2]);
        long warmupMs = Long.parseLong(args[3]);
        long windowMs = Long.parseLong(args[4]);
        Path out = Path.of(args[5]);
        String worker = "contender-" + ProcessHandle.current().pid();

        Cycle cycle = switch (mode) {
            case "library" -> library(database, worker);
            case "raw" -> raw(database, worker);
            case "minimal" -> minimal(database, worker);
            default -> throw new IllegalArgumentException("mode must be library, raw or minimal; got " + mode);
        };

        long nanosToStart = (startEpochMs - System.currentTimeMillis()) * 1_000_000L;
        long start = System.nanoTime() + nanosToStart;
        long measureFrom = start + warmupMs * 1_000_000L;
        long end = measureFrom + windowMs * 1_000_000L;
        long sleepMs = (start - System.nanoTime()) / 1_000_000L - 5;
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
        while (System.nanoTime() < start) {
            Thread.onSpinWait();
        }

        int[] claimMicros = new int[1 << 16];
        int[] cycleMicros = new int[1 << 16];
        long cycles = 0;
        long errors = 0;
        String firstError = "";
        long[] claimNanos = new long[1];
        while (true) {
            long began = System.nanoTime();
            if (began >= end) {
                break;
            }
            try {
                cycle.run(claimNanos);
            } catch (Exception e) {
                errors++;
                if (firstError.isEmpty()) {
                    firstError = e.getClass().getName() + ": " + e.getMessage();
                }
                continue;
            }
            long finished = System.nanoTime();
            if (began >= measureFrom && finished <= end) {
                if (cycles == claimMicros.length) {
                    claimMicros = Arrays.copyOf(claimMicros, claimMicros.length * 2);
                    cycleMicros = Arrays.copyOf(cycleMicros, cycleMicros.length * 2);
                }
                claimMicros[(int) cycles] = (int) Math.min(Integer.MAX_VALUE, (claimNanos[0] - began) / 1_000);
                cycleMicros[(int) cycles] = (int) Math.min(Integer.MAX_VALUE, (finished - began) / 1_000);
                cycles++;
            }
        }
        cycle.close();

        Properties result = new Properties();
        result.setProperty("mode", mode);
        result.setProperty("cycles", Long.toString(cycles));
        result.setProperty("errors", Long.toString(errors));
        result.setProperty("firstError", firstError);
        result.setProperty("windowMs", Long.toString(windowMs));
        try (OutputStream stream = Files.newOutputStream(Path.of(out + ".properties"))) {
            result.store(stream, "contention worker " + worker);
        }
        try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(Path.of(out + ".latencies"))))) {
            data.writeInt((int) cycles);
            for (int i = 0; i < cycles; i++) {
                data.writeInt(claimMicros[i]);
                data.writeInt(cycleMicros[i]);
            }
        }
    }

    /** One cycle; sets {@code claimDone[0]} to the nanoTime the call that claimed returned. */
    private interface Cycle {
        void run(long[] claimDone) throws Exception;

        void close() throws Exception;
    }

    /**
     * The library as its worker loop runs: the chunk in hand completed and the next one claimed in one transaction
     * ({@code completeAndClaim}); the first cycle only claims.
     */
    private static Cycle library(Path database, String worker) {
        SqliteChunkStore store = SqliteChunkStore.open(database);
        return new Cycle() {
            private Optional<Lease> held = Optional.empty();

            @Override
            public void run(long[] claimDone) {
                Optional<Lease> next;
                if (held.isEmpty()) {
                    next = store.claim(EXPLORATION, worker, LEASE);
                } else {
                    CompletionAndClaim both = store.completeAndClaim(held.get().token(), "{}", EXPLORATION, LEASE);
                    if (both.completion() != LeaseResult.APPLIED) {
                        throw new IllegalStateException("complete refused for " + held.get().token());
                    }
                    next = both.next();
                }
                claimDone[0] = System.nanoTime();
                if (next.isEmpty()) {
                    throw new IllegalStateException("no pending chunk left: the database is too small for the window");
                }
                held = next;
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    /** The library's statements by hand, in the library's transactions. */
    private static Cycle raw(Path database, String worker) throws IOException {
        RawChunkJdbc raw;
        try {
            raw = new RawChunkJdbc(database, 1);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot open " + database + ": " + e.getMessage(), e);
        }
        return new Cycle() {
            private boolean holding;

            @Override
            public void run(long[] claimDone) throws Exception {
                int claimed = holding
                        ? raw.completeAndClaim(raw.claimedIds[0], raw.claimedAttempts[0], worker, "{}", EXPLORATION,
                                LEASE)
                        : raw.claim(EXPLORATION, worker, 1, LEASE);
                claimDone[0] = System.nanoTime();
                if (claimed < 0) {
                    throw new IllegalStateException("complete refused for chunk " + raw.claimedIds[0]);
                }
                if (claimed != 1) {
                    throw new IllegalStateException("no pending chunk left: the database is too small for the window");
                }
                holding = true;
            }

            @Override
            public void close() throws Exception {
                raw.close();
            }
        };
    }

    /** The minimal queue: a claim, then a complete, each its own transaction. */
    private static Cycle minimal(Path database, String worker) throws IOException {
        MinimalQueue queue;
        try {
            queue = new MinimalQueue(database, 1);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot open " + database + ": " + e.getMessage(), e);
        }
        return new Cycle() {
            @Override
            public void run(long[] claimDone) throws Exception {
                int claimed = queue.claim(worker, 1);
                claimDone[0] = System.nanoTime();
                if (claimed != 1) {
                    throw new IllegalStateException("no pending chunk left: the database is too small for the window");
                }
                if (queue.complete(queue.claimedIds[0], queue.claimedAttempts[0], worker, "{}") != 1) {
                    throw new IllegalStateException("complete refused for row " + queue.claimedIds[0]);
                }
            }

            @Override
            public void close() throws Exception {
                queue.close();
            }
        };
    }
}
