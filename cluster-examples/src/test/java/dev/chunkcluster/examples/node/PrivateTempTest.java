package dev.chunkcluster.examples.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The private temporary directory, and what it leaves of the directories other processes made. */
class PrivateTempTest {

    @TempDir
    Path shared;

    private final Properties saved = (Properties) System.getProperties().clone();

    @AfterEach
    void restoreProperties() {
        System.setProperties(saved);
    }

    private Path privateDirectory(String name) throws Exception {
        Path directory = Files.createDirectory(shared.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(directory.resolve("libsqlitejdbc.so"), "library");
        return directory;
    }

    @Test
    void makesAPrivateDirectoryAndPointsSqliteAndJavaAtIt() {
        Path directory = PrivateTemp.install(shared);

        assertEquals(shared, directory.getParent());
        String prefix = "chunkcluster-" + ProcessHandle.current().pid() + "-";
        assertTrue(directory.getFileName().toString().startsWith(prefix), directory.toString());
        assertTrue(PrivateTemp.isPrivate(directory));
        assertEquals(directory.toString(), System.getProperty("org.sqlite.tmpdir"));
        assertEquals(directory.toString(), System.getProperty("java.io.tmpdir"));
    }

    @Test
    void removesWhatKilledProcessesOfThisUserLeftAndNothingElse() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path killed = privateDirectory("chunkcluster-" + gone.pid() + "-killed");
        Path alive = privateDirectory("chunkcluster-" + ProcessHandle.current().pid() + "-alive");
        Path open = Files.createDirectory(shared.resolve("chunkcluster-" + gone.pid() + "-open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path other = privateDirectory("chunkcluster-cds");

        PrivateTemp.install(shared);

        assertFalse(Files.exists(killed, LinkOption.NOFOLLOW_LINKS), "a killed process's directory is removed");
        assertTrue(Files.exists(alive.resolve("libsqlitejdbc.so")), "a live process's directory stays");
        assertTrue(Files.isDirectory(open), "a directory that is not private is not this program's: it stays");
        assertTrue(Files.exists(other.resolve("libsqlitejdbc.so")), "a name without a pid stays");
    }
}
