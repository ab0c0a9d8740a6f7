package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import static dev.chunkcluster.benchmarks.BenchmarkResults.grouped;
import static dev.chunkcluster.benchmarks.BenchmarkResults.met;

/**
 * Turns what {@link ScaleRun} measured into the "At size" section of {@code docs/benchmarks.md}, or carries that
 * section over from the file as it was before run.sh rewrote it, when this run did not measure at size.
 *
 * <p>Arguments: {@code --in <scale.properties> --into <benchmarks.md>}, or {@code --keep <benchmarks.md before the
 * run> --into <benchmarks.md>}.
 */
public final class ScaleReport {

    static final MarkedSection SECTION = new MarkedSection("<!-- scale section: written by ScaleReport -->",
            "<!-- end of scale section -->");

    /** The status's target, in milliseconds, at any size. */
    static final double STATUS_TARGET_MS = 20;
    /** How much more Stop's step and the peak heap may take at ten times the size and the same running chunks. */
    static final double FLAT_TARGET = 1.5;

    static final String TOP_TEN_GROWS = "The top ten merges the top tens of every completed chunk, read a page at a "
            + "time (1,000 of them, in index order, through the unique (exploration, idx) index): its memory stays "
            + "flat and its time follows the completed chunks. With as many completed chunks it still grows with the "
            + "exploration, because the last page walks the index to the exploration's end looking for more completed "
            + "chunks, past every other one. A partial index on the completed chunks would take that walk away, at "
            + "the price of one more index entry written by every completion.";

    private ScaleReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !(args[0].equals("--in") || args[0].equals("--keep")) || !args[2].equals("--into")) {
            throw new IllegalArgumentException("usage: ScaleReport --in <scale.properties> --into <benchmarks.md>, "
                    + "or ScaleReport --keep <benchmarks.md before the run> --into <benchmarks.md>");
        }
        Optional<String> section;
        if (args[0].equals("--in")) {
            Properties results = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
                results.load(reader);
            }
            section = Optional.of(section(results));
        } else {
            Path before = Path.of(args[1]);
            section = Files.exists(before) ? SECTION.in(Files.readString(before)) : Optional.empty();
        }
        if (section.isPresent()) {
            SECTION.writeInto(Path.of(args[3]), section.get());
        }
    }

    /** The Markdown section, between its markers, ending with a newline. */
    static String section(Properties results) {
        long chunks = Long.parseLong(results.getProperty("scale.chunks"));
        StringBuilder md = new StringBuilder();
        md.append(SECTION.begin()).append("\n## At size\n\n");
        md.append(String.format(Locale.ROOT, "Measured on %s at commit `%s` by `ScaleRun`, which `run.sh` runs only "
                        + "with `CHUNKCLUSTER_SCALE=1` (a run without it keeps this section as it was); alone: `java "
                        + "-Xmx64m -cp cluster-benchmarks/target/benchmarks.jar dev.chunkcluster.benchmarks.ScaleRun "
                        + "--out scale.properties`, then `java -cp cluster-benchmarks/target/benchmarks.jar "
                        + "dev.chunkcluster.benchmarks.ScaleReport --in scale.properties --into docs/benchmarks.md`. "
                        + "Each store holds two explorations, one of %s chunks and then one of %s, each with %s "
                        + "completed and %s running chunks set by hand in SQL; the status and the top ten are the "
                        + "median of %d reads. The whole run has a 64 MB heap, so a step that held every chunk would "
                        + "fail it; its peak resident memory was %s MB. Load average (1, 5, 15 min) %s at the start, "
                        + "%s at the end.%n%n",
                results.getProperty("scale.date", "?"), results.getProperty("scale.commit", "?"),
                grouped(chunks / 10), grouped(chunks), grouped(results.getProperty("scale.completed")),
                grouped(results.getProperty("scale.running")), ScaleRun.READS,
                results.getProperty("scale.peakRssMb", "?"), results.getProperty("scale.loadStart", "?"),
                results.getProperty("scale.loadEnd", "?")));
        md.append(String.format(Locale.ROOT, "| store | step | %s chunks | %s chunks | %s / %s | target | met |%n",
                grouped(chunks / 10), grouped(chunks), grouped(chunks), grouped(chunks / 10)));
        md.append("|---|---|---:|---:|---:|---|---|\n");
        boolean topTenShown = false;
        for (String store : new String[]{"sqlite", "postgres"}) {
            String tenth = "scale." + store + ".tenth.";
            String full = "scale." + store + ".full.";
            if (results.getProperty(full + "statusMs") == null) {
                continue;
            }
            String name = store.equals("sqlite") ? "SQLite" : "PostgreSQL";
            row(md, name, "create", results, tenth, full, "createMs", "ms", null);
            double statusTenth = number(results, tenth + "statusMs");
            double statusFull = number(results, full + "statusMs");
            row(md, name, "status", results, tenth, full, "statusMs", "ms",
                    String.format(Locale.ROOT, "≤ %.0f ms at any size | %s", STATUS_TARGET_MS,
                            met(Math.max(statusTenth, statusFull) <= STATUS_TARGET_MS)));
            row(md, name, "top ten of the completed chunks", results, tenth, full, "top10Ms", "ms", null);
            topTenShown = true;
            row(md, name, "Stop's database step", results, tenth, full, "stopMs", "ms",
                    String.format(Locale.ROOT, "proportional to the running chunks: ≤ %.1f × | %s", FLAT_TARGET,
                            met(number(results, full + "stopMs") <= FLAT_TARGET * number(results, tenth + "stopMs"))));
            row(md, name, "peak heap, garbage included", results, tenth, full, "peakHeapMb", "MB",
                    String.format(Locale.ROOT, "flat: ≤ %.1f × | %s", FLAT_TARGET, met(number(results,
                            full + "peakHeapMb") <= FLAT_TARGET * number(results, tenth + "peakHeapMb"))));
        }
        if (topTenShown) {
            md.append('\n').append(TOP_TEN_GROWS).append('\n');
        }
        md.append(SECTION.end()).append('\n');
        return md.toString();
    }

    /** A row of both sizes and their ratio; {@code target} is "target | met", or null for a figure only reported. */
    private static void row(StringBuilder md, String store, String step, Properties results, String tenth, String full,
                            String key, String unit, String target) {
        double small = number(results, tenth + key);
        double large = number(results, full + key);
        md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s %s | %.1f | %s |%n", store, step,
                figure(small), unit, figure(large), unit, large / small, target == null ? "reported | –" : target));
    }

    private static double number(Properties results, String key) {
        String value = results.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("the scale results have no " + key + "; run ScaleRun again");
        }
        return Double.parseDouble(value);
    }

    /** One decimal below 100, whole numbers with thousands separators above. */
    private static String figure(double value) {
        return value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
    }
}
