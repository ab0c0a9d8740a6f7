package dev.chunkcluster.process.testapps;

import java.nio.file.Path;

/** A hung worker stand-in: ignores SIGTERM, so only SIGKILL ends it. {@code --ready FILE} as for {@link Sleeper}. */
public final class TermIgnorer {

    public static void main(String[] args) throws Exception {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> { });
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--ready")) {
                Sleeper.Ready.announce(Path.of(args[i + 1]));
            }
        }
        while (true) {
            Thread.sleep(60_000);
        }
    }
}
