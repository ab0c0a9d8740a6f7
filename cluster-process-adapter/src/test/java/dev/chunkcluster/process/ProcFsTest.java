package dev.chunkcluster.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcFsTest {

    @Test
    void parsesStateAndStartTicksPastACommandNameWithSpacesAndParentheses() {
        String stat = "3720 (my (odd) name) S 3713 3713 2668 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 40705 3133440 393";

        assertEquals(Optional.of(new ProcFs.Stat('S', 4194304, 1, 40705)), ProcFs.parseStat(stat));
        assertFalse(ProcFs.parseStat(stat).orElseThrow().exited());
    }

    @Test
    void aZombieHasExited() {
        String stat = "3864 (sleep) Z 3863 3838 2668 0 -1 4227148 90 0 0 0 0 0 0 0 20 0 1 0 40100 0 0";

        assertTrue(ProcFs.parseStat(stat).orElseThrow().exited());
    }

    @Test
    void aProcessInsideItsExitPathHasExitedThoughItsStateIsRunning() {
        // A JVM seen by the fault trials: its other threads gone, its memory released, not yet a zombie.
        String stat = "30679 (java) R 30511 29529 1412 0 -1 4194308 5 0 0 0 0 0 0 0 20 0 1 0 81234 0 0";

        assertTrue(ProcFs.parseStat(stat).orElseThrow().exited());
    }

    @Test
    void aMainThreadThatEndedByItselfLeavesItsProcessRunning() {
        // pthread_exit in main with one more thread: the main thread is a zombie, the process has two threads.
        String stat = "6219 (leader) Z 6218 6217 2668 0 -1 4227084 90 0 0 0 0 0 0 0 20 0 2 0 40100 0 0";

        assertFalse(ProcFs.parseStat(stat).orElseThrow().exited());
    }

    @Test
    void truncatedOrForeignTextIsUnknown() {
        assertEquals(Optional.empty(), ProcFs.parseStat("3720 (cat) R 3713"));
        assertEquals(Optional.empty(), ProcFs.parseStat("no parenthesis"));
        assertEquals(Optional.empty(), ProcFs.parseStat("1 (x) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 notanumber"));
    }

    @Test
    void thisProcessAndTheBootIdCanBeReadOnLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");

        ProcFs.Stat stat = ProcFs.stat(ProcessHandle.current().pid()).orElseThrow();

        assertFalse(stat.exited());
        assertTrue(stat.startTicks() > 0);
        assertNotNull(ProcFs.bootId());
        assertEquals(Optional.empty(), ProcFs.stat(Long.MAX_VALUE));
    }

    @Test
    void aVariableIsFoundOnlyAsAWholeName() {
        byte[] environ = "PATH=/bin\0XCHUNKCLUSTER_LAUNCH_SECRET=decoy\0CHUNKCLUSTER_LAUNCH_SECRET=abc\0EMPTY=\0"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertEquals("abc", ProcFs.variable(environ, "CHUNKCLUSTER_LAUNCH_SECRET"));
        assertEquals("", ProcFs.variable(environ, "EMPTY"));
        assertNull(ProcFs.variable(environ, "PAT"));
        assertNull(ProcFs.variable(new byte[0], "PATH"));
    }

    @Test
    void theUserIdsOfThisProcessCanBeReadOnLinux() {
        ProcFs.Uids uids = ProcFs.uids(ProcessHandle.current().pid()).orElseThrow();

        assertEquals(PrivateDirectory.currentUid(), uids.effective());
        assertTrue(uids.both(PrivateDirectory.currentUid()));
    }
}
