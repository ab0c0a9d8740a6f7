package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.jdbc.OpenMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.chunkcluster.sqlite.TestSupport.execute;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static dev.chunkcluster.sqlite.TestSupport.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only a new or empty file receives the schema, and only when the store may create it; another program's database is
 * refused in every mode, named by what it holds, and its bytes stay the same.
 */
class SqliteOpenModeTest {

    private static final SqliteOptions EXISTING_ONLY = SqliteOptions.builder().openMode(OpenMode.EXISTING_ONLY).build();

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(OpenMode.class)
    void anotherProgramsDatabaseIsRefusedByWhatItHoldsAndLeftAlone(OpenMode mode) throws Exception {
        Path database = directory.resolve("app.db");
        execute(database, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY)", "INSERT INTO customers (name) VALUES ('Ada')");
        String before = sha256(database);

        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class,
                () -> SqliteChunkStore.open(database, SqliteOptions.builder().openMode(mode).build()));

        assertTrue(e.getMessage().contains(database.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("the tables 'customers', 'orders'")
                && e.getMessage().contains("user_version 0"), "names what it found: " + e.getMessage());
        assertTrue(e.getMessage().contains("its own database file"), "says how to fix it: " + e.getMessage());
        assertEquals(before, sha256(database));
        assertEquals("delete", queryString(database, "PRAGMA journal_mode"), "not switched to WAL");
        assertEquals("0", queryString(database, "PRAGMA user_version"));
    }

    @Test
    void aForeignFileWithAHighUserVersionIsNotCalledANewerChunkCluster() throws Exception {
        Path database = directory.resolve("app.db");
        execute(database, "CREATE TABLE settings (k TEXT, v TEXT)", "PRAGMA user_version = 7");
        String before = sha256(database);

        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class,
                () -> SqliteChunkStore.open(database));

        assertFalse(e.getMessage().contains("newer ChunkCluster"), e.getMessage());
        assertTrue(e.getMessage().contains("a table 'settings'") && e.getMessage().contains("user_version 7")
                && e.getMessage().contains("another program"), e.getMessage());
        assertEquals(before, sha256(database));
    }

    @Test
    void existingOnlyRefusesAnEmptyFileAndWritesNothing() throws Exception {
        Path database = Files.createFile(directory.resolve("empty.db"));

        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class,
                () -> SqliteChunkStore.open(database, EXISTING_ONLY));

        assertTrue(e.getMessage().contains("holds no ChunkCluster database") && e.getMessage().contains("init"),
                e.getMessage());
        assertEquals(0, Files.size(database));
        assertFalse(Files.exists(directory.resolve("empty.db-wal")), "no WAL made");
    }

    @Test
    void existingOnlyRefusesAMissingFileAndDoesNotCreateIt() {
        Path database = directory.resolve("typo.db");

        IncompatibleStoreException e = assertThrows(IncompatibleStoreException.class,
                () -> SqliteChunkStore.open(database, EXISTING_ONLY));

        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains(database.toString()),
                e.getMessage());
        assertFalse(Files.exists(database));
    }

    @Test
    void createIfAbsentFillsAnEmptyFileThatExistingOnlyThenOpens() throws Exception {
        Path database = Files.createFile(directory.resolve("empty.db"));
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("sweep", 100, 10));
        }
        try (SqliteChunkStore store = SqliteChunkStore.open(database, EXISTING_ONLY)) {
            assertEquals(10, store.snapshot("sweep").counts().pending());
        }
        assertEquals(String.valueOf(SqliteSchema.LATEST_VERSION), queryString(database, "PRAGMA user_version"));
    }
}
