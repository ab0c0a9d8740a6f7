package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chunkcluster.sqlite.TestSupport.exitCode;
import static dev.chunkcluster.sqlite.TestSupport.read;
import static dev.chunkcluster.sqlite.TestSupport.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file or its directory belongs to another user: the writer, run as uid 65534 through {@code setpriv} (root
 * ignores file modes, so the test itself cannot be the victim), gets one message with the path, both uids, the mode and
 * the commands that fix it, and the database is not touched.
 */
class SqliteReadOnlyTest {

    private static final int NOBODY = 65534;

    @TempDir
    Path temp;

    private List<String> classPath;

    @BeforeEach
    void copyTheClassPathWhereUid65534CanReadIt() throws IOException {
        assertEquals("0", uid(), "this test runs the writer as uid 65534 with setpriv, which needs root");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = Files.createDirectory(temp.resolve("classpath"));
        classPath = new ArrayList<>();
        int n = 0;
        for (String entry : TestSupport.testClassPath()) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = copy.resolve((n++) + "-" + source.getFileName());
            copyTree(source, target);
            classPath.add(target.toString());
        }
    }

    @Test
    void aFileOwnedByAnotherUserIsNamedWithOwnerModeAndFix() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("shared"));
        Path database = directory.resolve("cluster.db");
        createDatabase(database);
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        String before = sha256(database);

        String message = openAsNobody(database, OpenProbeMain.READ_ONLY);

        assertTrue(message.contains(database.toString()), message);
        assertTrue(message.contains("this process (uid " + NOBODY + ")"), "names this process's uid: " + message);
        assertTrue(message.contains("owned by uid 0 with mode 644 (rw-r--r--)"), "owner and mode: " + message);
        assertTrue(message.contains("chown " + NOBODY + ":" + NOBODY + " '" + database + "'"), "the fix: " + message);
        assertTrue(message.contains("chmod u+rw '" + database + "'"), "the fix: " + message);
        assertTrue(message.contains("never changes ownership or modes"), message);
        assertFalse(message.contains("its directory " + directory), "the directory is fine: " + message);
        assertUntouched(database, before);
    }

    @Test
    void aDirectoryThatIsNotWritableIsNamedWithOwnerModeAndFix() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("locked"));
        Path database = directory.resolve("cluster.db");
        createDatabase(database);
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        String before = sha256(database);

        String message = openAsNobody(database, OpenProbeMain.READ_ONLY);

        assertTrue(message.contains(database.toString()), message);
        assertTrue(message.contains("this process (uid " + NOBODY + ")"), message);
        assertTrue(message.contains("its directory " + directory + " is owned by uid 0 with mode 755 (rwxr-xr-x)"),
                "the directory, its owner and mode: " + message);
        assertTrue(message.contains("-wal and -shm"), "why the directory matters: " + message);
        assertTrue(message.contains("chown " + NOBODY + ":" + NOBODY + " '" + directory + "'"), message);
        assertTrue(message.contains("chmod u+rwx '" + directory + "'"), message);
        assertUntouched(database, before);
    }

    @Test
    void theSameFilesOpenForTheirOwner() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("own"));
        Path database = directory.resolve("cluster.db");
        createDatabase(database);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(directory, "unix:uid", NOBODY);
        Files.setAttribute(database, "unix:uid", NOBODY);

        String output = openAsNobody(database, OpenProbeMain.OPENED);

        assertTrue(output.contains("opened " + database), output);
    }

    private static void createDatabase(Path database) {
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of("sweep", 100, 10));
        }
    }

    private String openAsNobody(Path database, int expectedExit) throws Exception {
        Path logs = Files.createDirectories(temp.resolve("logs"));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        command.addAll(TestSupport.javaCommand(classPath, OpenProbeMain.class, database.toString()));
        command.add(command.indexOf("-cp"), "-Duser.home=" + temp);
        command.add(command.indexOf("-cp"), "-Djava.io.tmpdir=" + childTemp());
        command.add(command.indexOf("-cp"), "-XX:-UsePerfData");
        String name = "probe-" + database.getParent().getFileName();
        Process process = TestSupport.start(command, logs, name);
        int exit = exitCode(process, Duration.ofSeconds(60), logs, name);
        String output = read(logs.resolve(name + ".out"));
        assertEquals(expectedExit, exit, "exit code; stdout: " + output + " stderr: " + read(logs.resolve(name + ".err")));
        return output;
    }

    /** Where the child may write (sqlite-jdbc unpacks its native library there). */
    private Path childTemp() throws IOException {
        Path tmp = temp.resolve("tmp");
        if (!Files.exists(tmp)) {
            Files.createDirectory(tmp);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        return tmp;
    }

    private static void assertUntouched(Path database, String before) throws IOException {
        assertEquals(before, sha256(database), "the database bytes are unchanged");
        for (String suffix : StoreFileCheck.SIDE_FILE_SUFFIXES) {
            Path side = database.resolveSibling(database.getFileName() + suffix);
            assertFalse(Files.exists(side), side + " was created");
        }
    }

    private static String uid() throws IOException {
        return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(dir).toString());
                Files.createDirectories(copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.copy(file, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
