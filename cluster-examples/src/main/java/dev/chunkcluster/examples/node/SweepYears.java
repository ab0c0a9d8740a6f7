package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.examples.backtest.PriceSeries;
import dev.chunkcluster.examples.store.DbLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The years of prices the exploration's backtests run over ({@code --years}), recorded in the database's state
 * directory when the exploration is created. Every later start (explore, start, the dashboard's Start) launches the
 * coordinator with the recorded years, and the coordinator its workers, so every node computes the same thing. No
 * file means the demo's {@value PriceSeries#DEMO_YEARS} years: an exploration created before the option existed.
 */
public final class SweepYears {

    /** The file's name in the state directory. */
    public static final String FILE = "sweep-years";

    private SweepYears() {
    }

    /** The recorded years of {@code database}'s exploration, or the demo's default when none are recorded. */
    public static int recorded(DbLocation database) {
        Path file = database.stateDirectory().resolve(FILE);
        if (!Files.exists(file)) {
            return PriceSeries.DEMO_YEARS;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ChunkClusterException("cannot read the exploration's years from " + file + ": " + e.getMessage()
                    + ". Check the state directory's owner and mode", e);
        }
        try {
            return PriceSeries.checkYears(Integer.parseInt(text));
        } catch (IllegalArgumentException e) {
            throw new ChunkClusterException(file + " should hold the exploration's years, " + PriceSeries.MIN_YEARS
                    + " to " + PriceSeries.MAX_YEARS + "; it holds '" + abbreviate(text) + "'. Write the years the"
                    + " exploration was created with into it, or use another --db", e);
        }
    }

    /** Records {@code years} for {@code database}'s exploration, replacing the file in one step. */
    public static void record(DbLocation database, int years) {
        PriceSeries.checkYears(years);
        Path directory = database.stateDirectory();
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, FILE, ".tmp");
            try {
                Files.writeString(temporary, years + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new ChunkClusterException("cannot record the exploration's years in " + directory.resolve(FILE)
                    + ": " + e.getMessage() + ". Check the state directory's owner and mode", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
