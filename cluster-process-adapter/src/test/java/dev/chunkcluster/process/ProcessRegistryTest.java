package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

import static dev.chunkcluster.process.RegistryCodecTest.STARTED;
import static dev.chunkcluster.process.RegistryCodecTest.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessRegistryTest {

    @TempDir
    Path dir;

    @Test
    void writeRenamesAWholeFileIntoPlaceAndLeavesNoTemporaryFile() throws IOException {
        ProcessRegistry registry = new ProcessRegistry(dir);

        RegistryEntry written = registry.write(entry("alpha", 12345, List.of("sleep", "1000")));

        assertEquals(dir.resolve("alpha.worker.12345." + STARTED.toEpochMilli() + ".process"), written.file());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(written.file()), files.toList());
        }
        assertEquals(List.of(written), registry.read("alpha"));
        assertEquals(List.of(), registry.read("beta"));

        registry.delete(written);
        registry.delete(written);
        assertEquals(List.of(), registry.read("alpha"));
    }

    @Test
    void anEntryIsReadableByItsUserOnlyWhateverTheUmask() throws IOException {
        RegistryEntry written = new ProcessRegistry(dir).write(entry("alpha", 12345, List.of("sleep", "1000")));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written.file())),
                "it holds the launch secret");
    }

    @Test
    void readingSkipsEntriesItCannotParseAndKeepsTheOthers() throws IOException {
        ProcessRegistry registry = new ProcessRegistry(dir);
        RegistryEntry good = registry.write(entry("alpha", 12345, List.of("sleep", "1000")));
        Files.write(dir.resolve("garbage.process"), new byte[] {(byte) 0xc3, (byte) 0x28, 0, 7});
        Files.writeString(dir.resolve("half.process"), RegistryCodec.format(good).substring(0, 120));
        Files.writeString(dir.resolve(".alpha.worker.1.2.process.tmp"), "format=2\n");

        assertEquals(List.of(good), registry.read("alpha"));
        assertEquals(List.of(good), registry.read("alpha"), "a second read skips them the same way");
    }

    @Test
    void entriesThatAreLinksOrAnotherUsersOrWritableByOthersAreSkippedAndLeftInPlace() throws IOException {
        ProcessRegistry registry = new ProcessRegistry(dir);
        RegistryEntry good = registry.write(entry("alpha", 12345, List.of("sleep", "1000")));
        String text = RegistryCodec.format(entry("alpha", 777, List.of("sleep", "1000")));
        Path elsewhere = Files.writeString(Files.createDirectory(dir.resolve("elsewhere")).resolve("x"), text);
        Path link = Files.createSymbolicLink(dir.resolve("link.process"), elsewhere);
        Path foreign = Files.writeString(dir.resolve("foreign.process"), text);
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65534");
        Files.setOwner(foreign, nobody);
        Path shared = Files.writeString(dir.resolve("shared.process"), text);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-rw-"));

        String log = capturingStandardError(() -> assertEquals(List.of(good), registry.read("alpha")));

        assertTrue(log.contains("link.process: a symbolic link"), log);
        assertTrue(log.contains("foreign.process: it belongs to uid 65534, not to this user"), log);
        assertTrue(log.contains("shared.process: its mode 0666 (rw-rw-rw-) lets other users write it"), log);
        assertTrue(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.exists(foreign)
                && Files.exists(shared), "left in place");
    }

    @Test
    void aRegistryValueWithLineBreaksCannotAddALineToTheLog() throws IOException {
        ProcessRegistry registry = new ProcessRegistry(dir);
        String valid = RegistryCodec.format(entry("alpha", 12345, List.of("sleep", "1000")));
        // Properties syntax turns the escapes into real line breaks in the value; the parse error quotes the value.
        Files.writeString(dir.resolve("crafted.process"), valid.replace("pid=12345",
                "pid=1\\n* * * * * root INJECTED-LINE\\r\\nINJECTED-AGAIN"));

        String log = capturingStandardError(() -> assertEquals(List.of(), registry.read("alpha")));

        List<String> lines = log.lines().toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).contains("'pid' is not a whole number of at least 1: '1\\n* * * * * root"
                + " INJECTED-LINE\\r\\nINJECTED-AGAIN'"), log);
    }

    @Test
    void writingIntoAMissingDirectoryNamesThePath() {
        Path missing = dir.resolve("missing");
        ProcessRegistry registry = new ProcessRegistry(missing);

        ProcessControlException e = assertThrows(ProcessControlException.class,
                () -> registry.write(entry("alpha", 12345, List.of("sleep", "1000"))));

        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("'alpha'"), e::getMessage);
    }

    /** What the test's slf4j-simple logger writes to standard error while {@code action} runs. */
    static String capturingStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

}
