package dev.chunkcluster.examples;

import dev.chunkcluster.examples.support.Jar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stop on a database this user may not write: the file and its directory belong to root, and the CLI runs as uid
 * 65534 through {@code setpriv} (root ignores file modes, so the test itself must run as root). The one error line
 * names the path, both uids and the fix; the database is not changed.
 */
@Tag("slow")
class ReadOnlyDatabaseCliIT {

    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    @Test
    void stopAsAnotherUserNamesThePathBothUidsAndTheFix() throws Exception {
        assertEquals("0", new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim(),
                "this test runs the CLI as uid 65534 with setpriv, which needs root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(Jar.path(), dir.resolve("cluster-examples.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path db = data.resolve("exploration.db");
        Jar.Result init = Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "init", "--chunk-size", "1366", "--db", db.toString());
        assertEquals(0, init.exitCode(), init.toString());
        String before = sha256(db);

        Path err = dir.resolve("stop-as-nobody.err");
        Process stop = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "stop", "--grace", "1s", "--db", db.toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        assertTrue(stop.waitFor(CrashRecoveryCliIT.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "stop ended");

        List<String> lines = Files.readAllLines(err);
        assertEquals(1, stop.exitValue(), String.join("\n", lines));
        assertEquals(1, lines.size(), "one error line, no stack trace: " + lines);
        String line = lines.get(0);
        assertTrue(line.startsWith("error: Stop failed in the database step, so running chunks may still be marked"
                + " running: "), line);
        assertTrue(line.contains(db.toString()), line);
        assertTrue(line.contains("uid " + NOBODY), line);
        assertTrue(line.contains("owned by uid 0"), line);
        assertTrue(line.contains("chown " + NOBODY), line);
        // The state directory is root's: another user may not use it, so it stops nothing and says why.
        assertTrue(line.contains("the process step failed: the process state directory " + db
                + ".processes belongs to uid 0"), line);
        assertEquals(before, sha256(db), "the database is unchanged");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
