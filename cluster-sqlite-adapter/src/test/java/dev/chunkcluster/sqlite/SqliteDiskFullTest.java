package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.testkit.StoredChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.sqlite.TestSupport.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The database on a small tmpfs that fills up while a worker claims and completes: every failed call is a
 * {@link StoreUnavailableException} that says the disk is full, where, and what to do; nothing committed is lost,
 * nothing half-written appears, the file passes {@code PRAGMA integrity_check}, and once space is freed a new store on
 * the same file resumes the run to the end. The test mounts the tmpfs itself (it runs as root); where mounting is
 * impossible it is skipped with the reason.
 */
@Tag("faults")
class SqliteDiskFullTest {

    private static final String NAME = "sweep";
    private static final int CHUNKS = 200;
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final int RESULT_BYTES = 24 * 1024;
    private static final int HELD = 40;
    private static final long ROOM_FOR_COMPLETIONS = 256 * 1024;

    @TempDir
    Path temp;

    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountASmallTmpfs() throws Exception {
        disk = Files.createDirectory(temp.resolve("small-disk"));
        Command mount = Command.run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "chunkcluster-disk-full",
                disk.toString());
        assumeTrue(mount.exit() == 0, "skipped: a tmpfs cannot be mounted here (mount said: " + mount.output()
                + "); this test needs root with CAP_SYS_ADMIN");
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            Command umount = Command.run("umount", disk.toString());
            assertEquals(0, umount.exit(), "umount " + disk + ": " + umount.output());
        }
    }

    @Test
    void aFullDiskGivesAClearErrorLosesNothingAndTheRunResumesOnceSpaceIsFreed() throws Exception {
        Path database = disk.resolve("exploration.db");
        Path filler = disk.resolve("filler");
        Map<Long, String> recorded = new HashMap<>();
        Deque<Lease> held = new ArrayDeque<>();
        int claimFailures = 0;
        int completeFailures = 0;

        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            store.createExploration(ExplorationSpec.of(NAME, CHUNKS, 1));
            for (int i = 0; i < HELD; i++) {
                held.add(store.claim(NAME, "worker-1", LEASE).orElseThrow());
            }

            // Completions fill the disk: the first ones fit, then one is refused.
            fill(filler, ROOM_FOR_COMPLETIONS);
            while (completeFailures == 0) {
                assertTrue(!held.isEmpty(), "every held chunk completed before the disk filled");
                Lease lease = held.peek();
                String result = resultOf(store.chunk(lease.token().chunkId()).orElseThrow());
                try {
                    assertEquals(LeaseResult.APPLIED, store.complete(lease.token(), result));
                    recorded.put(lease.token().chunkId(), result);
                    held.remove();
                } catch (StoreUnavailableException e) {
                    completeFailures++;
                    assertDiskFullMessage(e, database, "complete");
                }
            }
            assertTrue(recorded.size() > 0, "some completions fit before the disk filled");

            // Claims on a disk with not one byte left (the first may still fit in space SQLite already has).
            fill(filler, 0);
            for (int attempt = 0; attempt < CHUNKS && claimFailures == 0; attempt++) {
                try {
                    held.add(store.claim(NAME, "worker-1", LEASE).orElseThrow());
                } catch (StoreUnavailableException e) {
                    claimFailures++;
                    assertDiskFullMessage(e, database, "claim");
                }
            }
            assertEquals(1, claimFailures, "a claim on the full disk is refused");

            // While the disk is still full: nothing half-written, every recorded completion there.
            assertEquals("ok", queryString(database, "PRAGMA integrity_check"));
            assertHistory(StoredChunks.of(store, NAME), recorded);
        }

        // Space is freed; a new store (a restarted worker after Start) resumes the run to its end.
        Files.delete(filler);
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            assertEquals(held.size(), store.resetRunning(NAME, DesiredState.RUNNING).reset(),
                    "the chunks held when the disk filled go back to pending");
            assertHistory(StoredChunks.of(store, NAME), recorded);
            for (Optional<Lease> lease = store.claim(NAME, "worker-2", LEASE); lease.isPresent();
                 lease = store.claim(NAME, "worker-2", LEASE)) {
                String result = resultOf(store.chunk(lease.get().token().chunkId()).orElseThrow());
                assertEquals(LeaseResult.APPLIED, store.complete(lease.get().token(), result));
                recorded.put(lease.get().token().chunkId(), result);
            }
            List<Chunk> chunks = StoredChunks.of(store, NAME);
            assertEquals(CHUNKS, recorded.size());
            assertTrue(chunks.stream().allMatch(c -> c.status() == ChunkStatus.COMPLETED), "every chunk completed");
            assertHistory(chunks, recorded);
        }
        assertEquals("ok", queryString(database, "PRAGMA integrity_check"));
    }

    private static void assertDiskFullMessage(StoreUnavailableException e, Path database, String operation) {
        String message = e.getMessage();
        assertTrue(message.contains(database.toString()), "names the database: " + message);
        assertTrue(message.contains(operation), "names the operation: " + message);
        assertTrue(message.contains("the disk is full"), "says the cause: " + message);
        assertTrue(message.contains("nothing was changed"), "says nothing was changed: " + message);
        assertTrue(message.contains("Free space on the file system that holds " + database.getParent()),
                "says the fix: " + message);
    }

    /** Every completed chunk holds the result that was recorded for it; no other chunk is completed. */
    private static void assertHistory(List<Chunk> chunks, Map<Long, String> recorded) {
        assertEquals(CHUNKS, chunks.size());
        for (Chunk c : chunks) {
            if (recorded.containsKey(c.id())) {
                assertEquals(ChunkStatus.COMPLETED, c.status(), "chunk " + c.index());
                assertEquals(recorded.get(c.id()), c.result(), "result of chunk " + c.index());
            } else {
                assertTrue(c.status() != ChunkStatus.COMPLETED, "chunk " + c.index() + " completed but not recorded");
            }
        }
    }

    /** A result large enough that a few completions fill the disk, different for every chunk. */
    private static String resultOf(Chunk chunk) {
        String line = "{\"chunk\":" + chunk.index() + ",\"first\":" + chunk.first() + "}";
        return (line + " ").repeat(RESULT_BYTES / (line.length() + 1));
    }

    /** Appends to {@code filler} until the file system has at most {@code room} bytes left (0: not one byte). */
    private static void fill(Path filler, long room) throws IOException {
        FileStore disk = Files.getFileStore(filler.getParent());
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int size = block.length; size > 0; size /= 2) {
                try {
                    while (disk.getUsableSpace() > room || room == 0) {
                        out.write(block, 0, size);
                        out.flush();
                    }
                } catch (IOException full) {
                    if (!String.valueOf(full.getMessage()).contains("No space left")) {
                        throw full;
                    }
                }
            }
        }
    }

    /** A command run to its end, with its exit code and output. */
    private record Command(int exit, String output) {

        static Command run(String... command) throws Exception {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Command(-1, String.join(" ", command) + " did not finish within 30 s");
            }
            return new Command(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
