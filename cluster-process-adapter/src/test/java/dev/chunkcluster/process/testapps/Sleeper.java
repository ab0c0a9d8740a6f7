package dev.chunkcluster.process.testapps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker stand-in that runs until signalled; SIGTERM ends it (the JVM's default). With {@code --ready FILE} it
 * writes its pid to FILE once running. Other arguments are ignored, so a decoy can carry the same ones.
 */
public final class Sleeper {

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--ready")) {
                Ready.announce(Path.of(args[i + 1]));
            }
        }
        while (true) {
            Thread.sleep(60_000);
        }
    }

    /** Writes this process's pid to {@code file} atomically, so a reader never sees it half-written. */
    static final class Ready {
        static void announce(Path file) throws Exception {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, Long.toString(ProcessHandle.current().pid()));
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
