package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.chunkcluster.sqlite.TestSupport.exitCode;
import static dev.chunkcluster.sqlite.TestSupport.javaCommand;
import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static dev.chunkcluster.sqlite.TestSupport.read;
import static dev.chunkcluster.sqlite.TestSupport.start;
import static dev.chunkcluster.sqlite.TestSupport.testClassPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two stores on one file in one process, as a service with a Stop button and a status page has. SQLite's locks are
 * POSIX advisory locks, which a process loses on a file as soon as it closes <em>any</em> descriptor of that file: a
 * second store that read the file with plain Java I/O while opening would silently drop the first store's locks. Another
 * process closing its connection would then believe it was the last one, checkpoint and delete the WAL, and the first
 * store would go on committing into a deleted file that no other process sees.
 */
class SqliteSameProcessStoresTest {

    private static final String NAME = "sweep";

    @TempDir
    Path directory;

    @Test
    void openingASecondStoreKeepsTheFirstStoresCommitsVisibleToOtherProcesses() throws Exception {
        Path database = directory.resolve("exploration.db");
        Path wal = database.resolveSibling("exploration.db-wal");
        try (SqliteChunkStore first = SqliteChunkStore.open(database)) {
            first.createExploration(ExplorationSpec.of(NAME, 100, 10));
            try (SqliteChunkStore second = SqliteChunkStore.open(database)) {
                assertEquals(DesiredState.RUNNING, second.desiredState(NAME));
            }

            // Another process writes and closes its connection; it must see that this process still has the file
            // open, and so leave the WAL in place.
            assertEquals("running", sqlInOtherProcess(database, "UPDATE explorations SET desired_state = 'running'"));
            assertTrue(Files.exists(wal), "the WAL of a database this process holds open was removed by the other"
                    + " process's close");

            first.setDesiredState(NAME, DesiredState.STOPPED);
            assertEquals("stopped", sqlInOtherProcess(database, "SELECT desired_state FROM explorations"),
                    "a commit of the first store must be visible to another process");
        }
    }

    /** Runs one statement in another process, on a connection of its own, and returns what it prints. */
    private String sqlInOtherProcess(Path database, String sql) throws Exception {
        Process reader = start(javaCommand(testClassPath(), SqlMain.class, database.toString(), sql),
                directory, "reader");
        int exit = exitCode(reader, Duration.ofSeconds(60), directory, "reader");
        assertEquals(0, exit, read(directory.resolve("reader.err")));
        return read(directory.resolve("reader.out")).strip();
    }

    /** Runs one SQL statement with plain JDBC; prints the desired state afterwards. */
    public static final class SqlMain {

        private SqlMain() {
        }

        public static void main(String[] args) throws Exception {
            if (!args[1].startsWith("SELECT")) {
                TestSupport.execute(Path.of(args[0]), args[1]);
            }
            System.out.println(queryString(Path.of(args[0]), "SELECT desired_state FROM explorations"));
        }
    }
}
