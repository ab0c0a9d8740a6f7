package dev.chunkcluster.examples.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nodes load the shared copy of sqlite-jdbc's native library only when nobody else could have written it. */
class SqliteNativeLibraryTest {

    @TempDir
    Path directory;

    @Test
    void aPrivateCopyIsPassedToTheNodes() throws Exception {
        Path library = privateLibrary();

        assertEquals(List.of("-Dorg.sqlite.lib.path=" + directory, "-Dorg.sqlite.lib.name=" + library.getFileName(),
                "-Dorg.sqlite.tmpdir=" + directory), SqliteNativeLibrary.jvmOptions(Optional.of(library)));
    }

    @Test
    void aCopyOthersMayWriteIsNotUsed() throws Exception {
        Path library = privateLibrary();
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertFalse(SqliteNativeLibrary.isOwnedAndPrivate(library));
        assertEquals(List.of(), SqliteNativeLibrary.jvmOptions(Optional.of(library)));
    }

    @Test
    void aCopyInADirectoryOthersMayWriteIsNotUsed() throws Exception {
        Path library = privateLibrary();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertTrue(SqliteNativeLibrary.isOwnedAndPrivate(library));
        assertEquals(List.of(), SqliteNativeLibrary.jvmOptions(Optional.of(library)));
    }

    @Test
    void aLinkIsNotUsed() throws Exception {
        Path library = privateLibrary();
        Path link = Files.createSymbolicLink(directory.resolve("link.so"), library);

        assertTrue(SqliteNativeLibrary.isOwnedAndPrivate(library));
        assertFalse(SqliteNativeLibrary.isOwnedAndPrivate(link));
    }

    @Test
    void aMissingCopyLeavesTheNodesToExtractTheirOwn() {
        assertEquals(List.of(), SqliteNativeLibrary.jvmOptions(Optional.of(directory.resolve("missing.so"))));
        assertEquals(List.of(), SqliteNativeLibrary.jvmOptions(Optional.empty()));
    }

    private Path privateLibrary() throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        Path library = Files.writeString(directory.resolve("libsqlitejdbc.so"), "not really a library");
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-------"));
        return library;
    }
}
