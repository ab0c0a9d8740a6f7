package dev.chunkcluster.testkit;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-process test of a store: each worker process claims (one at a time, or in batches) and completes chunks
 * until none is left, writing every claim and completion to its own record file; the test then reads all the files
 * and checks that no chunk was claimed twice under one attempt and every chunk was completed exactly once.
 */
public final class ClaimRecords {

    /** How long the workers and the test wait for each other at the start. */
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);

    private ClaimRecords() {
    }

    /**
     * A worker's loop: says it is ready (a file beside {@code file}), waits until the test starts every worker at once
     * ({@link #startTogether}), then claims and completes until the exploration is drained, recording each step in
     * {@code file}.
     *
     * <p>A worker holds its first claim, uncompleted, until every worker has made its first claim (a file beside
     * {@code file} says it has). That is what lets the test expect work in every process whatever the scheduling: a
     * process whose JVM is slow, or that SQLite's busy handler keeps asleep while the others take the write lock,
     * would otherwise find the chunks gone (one of eight did, once, in a drain of 10,000). It also means every worker
     * holds a lease at the same moment. The exploration needs at least as many chunks as the workers' first claims
     * take together.
     */
    public static void drain(ChunkStore store, String exploration, String worker, int batch, Path file)
            throws IOException {
        Files.createFile(readyFile(file));
        await(() -> Files.exists(startFile(file)), () -> "the start signal " + startFile(file));
        int workers = Integer.parseInt(Files.readString(startFile(file)).strip());
        Duration lease = Duration.ofMinutes(10);
        boolean first = true;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (true) {
                List<Lease> leases = batch == 1
                        ? store.claim(exploration, worker, lease).map(List::of).orElse(List.of())
                        : store.claimBatch(exploration, worker, batch, lease);
                for (Lease claimed : leases) {
                    out.write("claim " + claimed.token().chunkId() + " " + claimed.token().attempt() + " " + worker
                            + "\n");
                }
                if (first) {
                    // Even a first claim that found nothing says so, so that the others do not wait in vain.
                    first = false;
                    Files.createFile(claimedFile(file));
                    await(() -> claimedWorkers(file) == workers, () -> "every worker's first claim; "
                            + claimedWorkers(file) + " of " + workers + " have claimed");
                }
                if (leases.isEmpty()) {
                    return;
                }
                for (Lease claimed : leases) {
                    LeaseResult result = store.complete(claimed.token(), "done by " + worker);
                    out.write("complete " + claimed.token().chunkId() + " " + claimed.token().attempt() + " "
                            + result + "\n");
                }
            }
        }
    }

    /**
     * Waits until every worker whose record file is in {@code files} is ready, then lets them all start claiming.
     *
     * @throws AssertionError naming the workers not ready within two minutes (their error output says why)
     */
    public static void startTogether(List<Path> files) {
        await(() -> files.stream().allMatch(file -> Files.exists(readyFile(file))),
                () -> "every worker to be ready; not ready: " + files.stream()
                        .filter(file -> !Files.exists(readyFile(file))).map(Path::getFileName).toList());
        try {
            // Written aside and moved into place, so a worker never reads the signal half written.
            Path start = startFile(files.get(0));
            Path written = Files.writeString(start.resolveSibling(start.getFileName() + ".new"), files.size() + "\n");
            Files.move(written, start, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path readyFile(Path records) {
        return records.resolveSibling(records.getFileName() + ".ready");
    }

    private static Path claimedFile(Path records) {
        return records.resolveSibling(records.getFileName() + ".claimed");
    }

    /** The start signal; it holds the number of workers. */
    private static Path startFile(Path records) {
        return records.resolveSibling("claim-records.start");
    }

    private static long claimedWorkers(Path records) {
        try (Stream<Path> siblings = Files.list(records.toAbsolutePath().getParent())) {
            return siblings.filter(path -> path.getFileName().toString().endsWith(".claimed")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 10 ms until it holds; fails after {@link #START_DEADLINE}. */
    private static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + START_DEADLINE.toSeconds() + " s for " + what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /**
     * Checks the record files of all workers: every one of {@code chunks} chunks claimed exactly once, completed
     * exactly once, no completion refused, and every worker got work.
     */
    public static void verify(List<Path> files, int chunks) throws IOException {
        Set<String> claims = new HashSet<>();
        Map<Long, Integer> appliedCompletions = new HashMap<>();
        Map<String, Integer> claimsPerWorker = new HashMap<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String[] field = line.split(" ");
                if (field[0].equals("claim")) {
                    assertTrue(claims.add(field[1] + "/" + field[2]),
                            "chunk " + field[1] + " attempt " + field[2] + " was claimed twice, again by " + field[3]);
                    claimsPerWorker.merge(field[3], 1, Integer::sum);
                } else if (field[3].equals("APPLIED")) {
                    appliedCompletions.merge(Long.parseLong(field[1]), 1, Integer::sum);
                } else {
                    throw new AssertionError(file + " has a completion refused: " + line);
                }
            }
        }
        assertEquals(chunks, claims.size(), "every chunk claimed exactly once");
        assertEquals(chunks, appliedCompletions.size(), "every chunk completed");
        assertTrue(appliedCompletions.values().stream().allMatch(count -> count == 1), "no chunk completed twice");
        assertEquals(files.size(), claimsPerWorker.size(), "every process got work: " + claimsPerWorker);
    }
}
