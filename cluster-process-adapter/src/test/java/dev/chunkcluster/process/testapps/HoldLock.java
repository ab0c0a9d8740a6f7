package dev.chunkcluster.process.testapps;

import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds the exclusive section of group {@code args[1]} on the state directory {@code args[0]}: appends
 * "other-in" to {@code args[2]}, waits until the file {@code args[3]} exists, appends "other-out" and leaves.
 */
public final class HoldLock {

    public static void main(String[] args) throws Exception {
        LocalProcessController controller = LocalProcessController.create(ProcessOptions.builder(Path.of(args[0])).build());
        Path events = Path.of(args[2]);
        Path release = Path.of(args[3]);
        controller.exclusively(args[1], () -> {
            append(events, "other-in");
            while (!Files.exists(release)) {
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
