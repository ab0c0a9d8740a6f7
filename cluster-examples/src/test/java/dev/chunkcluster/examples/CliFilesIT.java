package dev.chunkcluster.examples;

import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.examples.support.Sql;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the command line writes beside the database, through the real jar: nothing for a command with a bad option,
 * never through a symbolic link planted where its log goes, and log lines whose outside data cannot forge lines.
 */
@Tag("slow")
class CliFilesIT {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(dir::relativize).map(Path::toString).filter(p -> !p.startsWith("child-")).sorted()
                    .toList();
        }
    }

    private Jar.Result run(String... args) {
        return Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, args);
    }

    private static void assertUsageError(Jar.Result result, String fragment) {
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals(1, result.errLines().size(), result.toString());
        assertTrue(result.err().contains(fragment), result.toString());
    }

    @Test
    void aCommandWithABadOptionLeavesNothingBehind() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        List<String> before = files();
        assertUsageError(run("init", "--db", data.toString()), "--db " + data + " is a directory");
        assertUsageError(run("explore", "--db", data.toString()), "is a directory");
        assertUsageError(run("status", "--db", ""), "--db needs the path of a database file");
        assertUsageError(run("init", "--db", ""), "--db needs the path of a database file");
        Path db = data.resolve("exploration.db");
        assertUsageError(run("init", "--chunk-size", "0", "--db", db.toString()), "--chunk-size must be 1 to");
        assertUsageError(run("stop", "--grace", "2h", "--db", db.toString()), "--grace must be 0s to 1h; got 2h");
        assertUsageError(run("explore", "--grace", "PT-5S", "--db", db.toString()),
                "--grace must be 0s to 1h; got -5s");
        Jar.Result missing = run("status", "--db", db.toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals(before, files(), "no database, no log, no registry");
    }

    @Test
    void aCommandThatFailsOnAnotherProgramsDatabaseLeavesNoLogBesideIt() throws Exception {
        Path app = dir.resolve("app.db");
        Sql.update(app, "CREATE TABLE users (id INTEGER PRIMARY KEY)");
        List<String> before = files();
        for (String command : List.of("status", "results", "init")) {
            Jar.Result result = run(command, "--db", app.toString());
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().contains("is not a ChunkCluster database"), result.toString());
            assertEquals(before, files(), command + " left nothing beside another program's database");
        }
    }

    @Test
    void aSymbolicLinkWhereTheLogGoesIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path db = dir.resolve("exploration.db");
        Path target = dir.resolve("victim.conf");
        byte[] original = "root-only setting = 1\n".getBytes(StandardCharsets.UTF_8);
        Files.write(target, original);
        Path link = Files.createSymbolicLink(dir.resolve("exploration.db.log"), target);

        Jar.Result init = run("init", "--db", db.toString());

        assertEquals(1, init.exitCode(), init.toString());
        assertEquals(1, init.errLines().size(), init.toString());
        assertTrue(init.err().contains("refusing to write the log " + link + ": it is a symbolic link"),
                init.toString());
        assertArrayEquals(original, Files.readAllBytes(target), "the link's target is unchanged");
        assertTrue(Files.isSymbolicLink(link), "the link is left where it was");
        assertFalse(Files.exists(db), "the command did nothing");
    }

    @Test
    void controlCharactersFromOutsideAreEscapedInTheLog() throws Exception {
        String forged = "x\n2026-01-01T00:00:00.000Z ERROR forged line\u001b[2J.db";
        Path db = dir.resolve(forged);

        Jar.Result init = run("init", "--chunk-size", "1366", "--db", db.toString());

        assertEquals(0, init.exitCode(), init.toString());
        String log = Files.readString(Path.of(db + ".log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("x\\n2026-01-01T00:00:00.000Z ERROR forged line\\u001b[2J.db"), log);
        assertFalse(log.contains("\u001b"), "no raw escape character");
        assertTrue(log.lines().noneMatch(line -> line.startsWith("2026-01-01T00:00:00.000Z ERROR forged")), log);
        assertTrue(log.lines().allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT.*")),
                "every line is a log line of its own: " + log);
    }
}
