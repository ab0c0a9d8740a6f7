package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

import static dev.chunkcluster.benchmarks.BenchmarkResults.grouped;
import static dev.chunkcluster.benchmarks.BenchmarkResults.met;

/**
 * Turns what {@link PostgresBenchRun} measured into the PostgreSQL section of {@code docs/benchmarks.md}: the
 * {@link #SECTION} is replaced, or appended when the file has none.
 *
 * <p>Arguments: {@code --in <results.properties> --into <benchmarks.md>}.
 */
public final class PostgresReport {

    static final MarkedSection SECTION = new MarkedSection("<!-- postgres section: written by PostgresReport -->",
            "<!-- end of postgres section -->");

    static final double RAW_TARGET = 0.85;
    static final double PEER_TARGET = 1.5;
    static final double DECAY_TARGET = 0.8;

    /** The performance issue's target for short chunks, on both stores: library / db-scheduler in a drain. */
    static final double PEER_TARGET_SHORT_CHUNKS = 3.0;

    private static final String RAW_GAP = "The library's claim of one chunk, and its completion with the next claim, "
            + "are one autocommitted statement (a CTE that reads the exploration's desired state FOR SHARE and the "
            + "server's clock, completes the fenced chunk and claims the next) on a plan the server keeps, and it "
            + "finds the chunks it picked by primary key. What remains is server work per chunk: a claimed row gets "
            + "three new index entries (primary key, (exploration, idx), running chunks) where the raw table's gets "
            + "two, and the statement triggers keep chunk_counts; pg_stat_statements measured 0.44 ms of server time "
            + "for the library's claim of 16 against 0.23 ms for the raw loop's. pgbench on the two statements alone "
            + "(prepared, one client, claims of 16 among 1,000,000 chunks, fresh copies, 8 s each) gives about the "
            + "same ratio, 0.59-0.66, so the gap is the server's and not the JVM's; and, on copies without one piece "
            + "each: without the update count trigger 0.74-0.75, without the running-chunks index 0.68-0.69, "
            + "without both 0.80-0.91, without the (exploration, idx) index too 1.00-1.02. Dropping the FOR SHARE, "
            + "or the second look from the first chunk, made no measurable difference; counting in the claim's own "
            + "statement (an upsert into chunk_counts in its CTE) instead of the trigger gained 1-15 % and stayed "
            + "below no counting at all. The counts keep the status's cost "
            + "independent of the exploration's size, and the running-chunks index keeps Stop and the lease check "
            + "proportional to the running chunks: closing this gap would take giving up one of them on PostgreSQL, "
            + "or a narrower table (one key instead of id plus (exploration, idx)).";
    private static final String PEER_GAP = "db-scheduler runs ten executor threads fed by lock-and-fetch polling, "
            + "the library one worker loop that claims up to 64 short chunks in one statement and completes them in "
            + "one statement (`completeAll` over arrays of tokens; a JDBC batch of single-row updates ran the count "
            + "triggers once per chunk). A drain of this size lasts under a second in a fresh JVM, so the JVM's "
            + "warm-up is a good part of what is measured and the ratio moves by about a tenth between runs; beyond "
            + "that it takes the claim and the completion of a batch in one statement, or several loops per "
            + "process.";
    private static final String DECAY_GAP = "The entries of the rows claimed since the last vacuum stay at the head "
            + "of the partial index `chunks_pending` until vacuum removes them. Each store's claims look from just "
            + "past the last chunk it claimed, so they step over only what other workers took since; once a second, "
            + "and after the store put chunks back, a claim looks from the first chunk. A figure below the target on "
            + "a quiet machine would take the look from the first chunk less often, or with several workers a queue "
            + "head shared through the database.";

    private PostgresReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !args[0].equals("--in") || !args[2].equals("--into")) {
            throw new IllegalArgumentException("usage: PostgresReport --in <results.properties> --into "
                    + "<benchmarks.md>");
        }
        Properties results = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
            results.load(reader);
        }
        SECTION.writeInto(Path.of(args[3]), section(results));
    }

    /** The Markdown section, between its markers, ending with a newline. */
    static String section(Properties results) {
        StringBuilder md = new StringBuilder();
        md.append(SECTION.begin()).append("\n## PostgreSQL\n\n");
        md.append(String.format(Locale.ROOT, "PostgreSQL %s, one server started for the run on 127.0.0.1 (the test "
                        + "server's settings: `fsync=off`, `synchronous_commit=off`, `shared_buffers=64MB`), every "
                        + "measurement on a fresh copy of a template database. Claims: %s pending chunks, %s "
                        + "repetitions of a %s s window after %s s of warm-up, the sides' order alternating; worker "
                        + "processes are separate JVMs started together (four of them on two cores compile the code "
                        + "they run during their first seconds, the library's more than the raw loop's: with 1 s of "
                        + "warm-up, that compilation was part of what the library's 4-process figures measured). "
                        + "Figures are medians with the spread (min–max) in brackets. "
                        + "Load average (1, 5, 15 min) %s at the start, %s at the end; %s s in all.%n%n",
                results.getProperty("postgresVersion", "?"), grouped(results.getProperty("chunks", "?")),
                results.getProperty("reps", "?"), results.getProperty("windowSeconds", "?"),
                results.getProperty("warmupSeconds", "1"),
                results.getProperty("loadStart", "?"), results.getProperty("loadEnd", "?"),
                results.getProperty("durationSeconds", "?")));
        md.append("Command: `bash cluster-benchmarks/run.sh` runs this step with the others; alone: `java -cp "
                + "cluster-benchmarks/target/benchmarks.jar dev.chunkcluster.benchmarks.PostgresBenchRun --out "
                + "postgres.properties`, then `java -cp cluster-benchmarks/target/benchmarks.jar "
                + "dev.chunkcluster.benchmarks.PostgresReport --in postgres.properties --into "
                + "docs/benchmarks.md`.\n\n");
        md.append("The library's claim+complete is what its worker loop does with chunks that take long: each "
                + "completion and the next claim in one statement (`completeAndClaim`); with short chunks, as in the "
                + "drain, it claims up to 64 at once (`claimBatch`) and records their results in one statement "
                + "(`completeAll`). ");
        md.append("The raw side is a minimal queue of its own: a table of id, status, worker, attempt, lease time, "
                + "started/finished, result, one index on status; a claim is one `UPDATE … WHERE id IN (SELECT id … "
                + "WHERE status = 'pending' LIMIT n FOR UPDATE SKIP LOCKED) RETURNING`, a complete one fenced "
                + "`UPDATE`, each autocommitted.\n\n");

        md.append("| measurement | library | raw `SKIP LOCKED` loop | library / raw | target | met |\n");
        md.append("|---|---:|---:|---:|---|---|\n");
        boolean rawMissed = false;
        for (String kind : new String[]{"cc", "batch"}) {
            for (String processes : new String[]{"1", "4"}) {
                double[] library = values(results, kind + ".library." + processes);
                double[] raw = values(results, kind + ".raw." + processes);
                if (library.length == 0 || raw.length == 0) {
                    continue;
                }
                double ratio = median(library) / median(raw);
                rawMissed |= ratio < RAW_TARGET;
                md.append(String.format(Locale.ROOT, "| %s, %s process%s | %s | %s | %.2f | ≥ %.2f | %s |%n",
                        kind.equals("cc") ? "claim+complete" : "batch-16 claims", processes,
                        processes.equals("1") ? "" : "es", figure(library, "chunks/s"), figure(raw, "chunks/s"), ratio,
                        RAW_TARGET, met(ratio >= RAW_TARGET)));
            }
        }
        double[] drainLibrary = values(results, "drain.library");
        double[] drainPeer = values(results, "drain.dbscheduler");
        boolean peerMissed = false;
        if (drainLibrary.length > 0 && drainPeer.length > 0) {
            double ratio = median(drainLibrary) / median(drainPeer);
            peerMissed = ratio < PEER_TARGET_SHORT_CHUNKS;
            md.append(String.format(Locale.ROOT, "%n| drain of %s no-op items | library (one worker loop) | "
                            + "db-scheduler | library / db-scheduler | target | met |%n|---|---:|---:|---:|---|---|%n"
                            + "| items per second | %s | %s | %.2f | ≥ %.1f (the store) | %s |%n"
                            + "| | | | | ≥ %.1f (short chunks) | %s |%n",
                    grouped(results.getProperty("drainItems", "?")), figure(drainLibrary, "items/s"),
                    figure(drainPeer, "items/s"), ratio, PEER_TARGET, met(ratio >= PEER_TARGET),
                    PEER_TARGET_SHORT_CHUNKS, met(ratio >= PEER_TARGET_SHORT_CHUNKS)));
        }
        boolean decayMissed = false;
        StringBuilder decay = new StringBuilder();
        for (String store : new String[]{"postgres", "sqlite"}) {
            String first = results.getProperty("decay." + store + ".first");
            String last = results.getProperty("decay." + store + ".last");
            if (first == null || last == null) {
                continue;
            }
            double ratio = Double.parseDouble(last) / Double.parseDouble(first);
            decayMissed |= ratio < DECAY_TARGET;
            decay.append(String.format(Locale.ROOT, "| %s | %,.0f chunks/s | %,.0f chunks/s | %.2f | ≥ %.1f | %s |%n",
                    store.equals("postgres") ? "PostgreSQL" : "SQLite", Double.parseDouble(first),
                    Double.parseDouble(last), ratio, DECAY_TARGET, met(ratio >= DECAY_TARGET)));
        }
        if (decay.length() > 0) {
            md.append(String.format(Locale.ROOT, "%nThe queue head: one worker claims and completes all %s chunks of "
                            + "a new exploration, one at a time.%n%n| store | first tenth | last tenth | last / first "
                            + "| target | met |%n|---|---:|---:|---:|---|---|%n",
                    grouped(results.getProperty("decayChunks", "?"))));
            md.append(decay);
        }
        if (rawMissed || peerMissed || decayMissed) {
            md.append("\nWhat the targets not met would take:\n\n");
            if (rawMissed) {
                md.append("- Library against the raw loop: ").append(RAW_GAP).append('\n');
            }
            if (peerMissed) {
                md.append("- Library against db-scheduler: ").append(PEER_GAP).append('\n');
            }
            if (decayMissed) {
                md.append("- The queue head: ").append(DECAY_GAP).append('\n');
            }
        }
        md.append(SECTION.end()).append('\n');
        return md.toString();
    }

    static double[] values(Properties results, String key) {
        String text = results.getProperty(key);
        if (text == null || text.isBlank()) {
            return new double[0];
        }
        return Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** {@code 1,234 chunks/s (1,100–1,300)}; no spread for one value. */
    static String figure(double[] values, String unit) {
        String median = String.format(Locale.ROOT, "%,.0f %s", median(values), unit);
        if (values.length < 2) {
            return median;
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        return median + String.format(Locale.ROOT, " (%,.0f–%,.0f)", min, max);
    }
}
