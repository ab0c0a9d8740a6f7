package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.support.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code serve} takes its token; each run stops at a port in use, after the token was taken. */
class ServeCommandTest {

    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path dir;

    private CliRun serve(int busyPort, String... args) {
        Path db = dir.resolve("exploration.db");
        if (!Files.exists(db)) {
            assertEquals(0, CliRun.of("init", "--chunk-size", "1366", "--db", db.toString()).exitCode());
        }
        String[] all = new String[args.length + 6];
        all[0] = "serve";
        all[1] = "--port";
        all[2] = Integer.toString(busyPort);
        all[3] = "--db";
        all[4] = db.toString();
        all[5] = "--health-interval=0s";
        System.arraycopy(args, 0, all, 6, args.length);
        return CliRun.of(all);
    }

    @Test
    void aTokenOnTheCommandLineIsWarnedAbout() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = serve(busy.getLocalPort(), "--token", TOKEN);

            assertEquals("warning: --token on the command line is visible to every local user (ps,"
                    + " /proc/PID/cmdline); use --token-file FILE (chmod 600) or the environment variable"
                    + " CHUNKCLUSTER_TOKEN", run.errLines().get(0), run.toString());
            assertTrue(run.errLines().get(1).startsWith("error: cannot listen on"), run.toString());
        }
    }

    @Test
    void aTokenFileIsReadWithoutWarningAndItsModeIsChecked() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = serve(busy.getLocalPort(), "--token-file", file.toString());
            assertEquals(1, run.errLines().size(), run.toString());
            assertTrue(run.errLines().get(0).startsWith("error: cannot listen on"), run.toString());

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
            CliRun open = serve(busy.getLocalPort(), "--token-file", file.toString());
            assertEquals(1, open.errLines().size(), open.toString());
            assertTrue(open.errLines().get(0).startsWith("error: the token file " + file + " has mode rw-rw-r--"),
                    open.toString());

            CliRun both = serve(busy.getLocalPort(), "--token-file", file.toString(), "--token", TOKEN);
            assertEquals(2, both.exitCode(), both.toString());
            assertTrue(both.err().contains("give the token with --token-file or --token, not both"), both.toString());
        }
    }
}
