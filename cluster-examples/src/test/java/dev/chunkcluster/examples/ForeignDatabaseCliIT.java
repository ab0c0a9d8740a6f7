package dev.chunkcluster.examples;

import dev.chunkcluster.examples.support.Jar;
import dev.chunkcluster.examples.support.Sql;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the real jar: the commands that only read or control an exploration never write into a database that is not
 * ChunkCluster's. Another application's file, or an empty one, is refused with what was found, and its bytes stay the
 * same.
 */
@Tag("slow")
class ForeignDatabaseCliIT {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final List<String> READ_ONLY_COMMANDS = List.of("status", "results", "stop", "serve");

    @TempDir
    Path dir;

    Jar.Result cli(Path db, String command) {
        return Jar.run(dir, TIMEOUT, command, "--db", db.toString());
    }

    @Test
    void anotherApplicationsDatabaseIsRefusedAndLeftByteForByte() throws Exception {
        Path db = dir.resolve("app.db");
        Sql.update(db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)");
        Sql.update(db, "INSERT INTO invoices (total) VALUES (42)");
        Sql.update(db, "PRAGMA user_version = 12");
        String before = sha256(db);

        for (String command : READ_ONLY_COMMANDS) {
            Jar.Result run = cli(db, command);
            assertEquals(1, run.exitCode(), command + ": " + run);
            String error = run.errLines().get(0);
            assertTrue(error.contains("is not a ChunkCluster database") && error.contains("'invoices'")
                    && error.contains("user_version 12"), command + " names what it found: " + run);
            assertFalse(error.contains("newer ChunkCluster"), command + ": " + run);
            assertEquals(before, sha256(db), command + " left the file unchanged");
        }
        assertEquals(List.of("invoices"), Sql.query(db, "SELECT name FROM sqlite_master WHERE type = 'table'"));
        assertFalse(Files.exists(dir.resolve("app.db-wal")), "not switched to WAL");
    }

    @Test
    void anEmptyFileGetsNoSchemaFromACommandThatOnlyReads() throws Exception {
        Path db = Files.createFile(dir.resolve("empty.db"));

        for (String command : READ_ONLY_COMMANDS) {
            Jar.Result run = cli(db, command);
            assertEquals(1, run.exitCode(), command + ": " + run);
            assertTrue(run.errLines().get(0).contains("holds no ChunkCluster database"), command + ": " + run);
            assertEquals(0, Files.size(db), command + " wrote nothing");
        }

        Jar.Result init = Jar.run(dir, TIMEOUT, "init", "--chunk-size", "1366", "--db", db.toString());
        assertEquals(0, init.exitCode(), "init may create the schema in an empty file: " + init);
        assertEquals(List.of("pending|3"), Sql.query(db, "SELECT status, COUNT(*) FROM chunks GROUP BY status"));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
