package dev.chunkcluster.process.testapps;

import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * A coordinator stand-in: launches {@code args[2]} {@code sleep} workers of group {@code args[1]} through its own
 * controller on the state directory {@code args[0]}, announces itself in {@code args[3]}, then runs until SIGTERM.
 */
public final class MiniCoordinator {

    public static void main(String[] args) throws Exception {
        LocalProcessController controller = LocalProcessController.create(ProcessOptions.builder(Path.of(args[0])).build());
        int workers = Integer.parseInt(args[2]);
        for (int i = 0; i < workers; i++) {
            controller.launch(LaunchSpec.of(ProcessRole.WORKER, args[1], List.of("sleep", "1000")));
        }
        Sleeper.Ready.announce(Path.of(args[3]));
        while (true) {
            Thread.sleep(60_000);
        }
    }
}
