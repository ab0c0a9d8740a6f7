package dev.chunkcluster.process.testapps;

import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * "JVM A" of the cross-JVM test: launches {@code sleep 1000} as a worker of {@code args[1]} through a controller on
 * the state directory {@code args[0]}, writes the pid to {@code args[2]} and exits, leaving the registry entry behind.
 */
public final class LaunchAndExit {

    public static void main(String[] args) throws Exception {
        LocalProcessController controller = LocalProcessController.create(ProcessOptions.builder(Path.of(args[0])).build());
        TrackedProcess sleeper = controller.launch(LaunchSpec.of(ProcessRole.WORKER, args[1], List.of("sleep", "1000")));
        Files.writeString(Path.of(args[2]), Long.toString(sleeper.pid()));
    }
}
