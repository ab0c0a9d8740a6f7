package dev.chunkcluster.process.testapps;

import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Holds the exclusive section of group {@code args[1]} on the state directory {@code args[0]}: appends
 * "other-in" to {@code args[2]}, polls until the file {@code args[3]} exists, appends "other-out" and leaves; after
 * {@link #PATIENCE} without that file it appends "other-gave-up" instead, so a test that fails never leaves it behind.
 */
public final class HoldLock {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        LocalProcessController controller = LocalProcessController.create(ProcessOptions.builder(Path.of(args[0])).build());
        Path events = Path.of(args[2]);
        Path release = Path.of(args[3]);
        controller.exclusively(args[1], () -> {
            append(events, "other-in");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!Files.exists(release)) {
                if (System.nanoTime() - deadline > 0) {
                    append(events, "other-gave-up");
                    return null;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            append(events, "other-out");
            return null;
        });
    }

    public static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
