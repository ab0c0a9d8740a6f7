package dev.chunkcluster.examples;

import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another local user (uid 65534 through {@code setpriv}) can write the shared temporary directory, where sqlite-jdbc
 * would copy its native library by default; a node must still load only files this user alone can write. The test
 * plants the attacker's files in the shared directory, starts a real cluster, and reads the coordinator's memory
 * map: the library comes from the node's own 0700 directory, the attacker cannot write there, and no file of the
 * attacker is mapped. Root ignores file modes, so the test itself runs as root.
 */
@Tag("slow")
class PrivateTempIT {

    private static final String ATTACKER = "65534";
    private static final Pattern COORDINATOR = Pattern.compile("coordinator pid (\\d+)");

    @TempDir
    Path dir;

    private final List<Path> planted = new ArrayList<>();

    @AfterEach
    void removePlanted() throws Exception {
        for (Path path : planted) {
            asAttacker("rm", "-rf", path.toString());
        }
    }

    @Test
    void aNodeLoadsNoFileTheAttackerCanWrite() throws Exception {
        assertEquals("0", run(List.of("id", "-u")).trim(), "setpriv needs root");
        Path shared = Path.of(System.getProperty("java.io.tmpdir"));
        Path plantedDirectory = shared.resolve("chunkcluster-1-attacker");
        planted.add(plantedDirectory);
        assertEquals(0, asAttacker("mkdir", "-p", plantedDirectory.toString()), "the attacker can write " + shared);
        assertEquals(0, asAttacker("touch", plantedDirectory.resolve("libsqlitejdbc.so").toString()));

        Path db = dir.resolve("exploration.db");
        Jar.Result init = Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "init", "--db", db.toString());
        assertEquals(0, init.exitCode(), init.toString());
        Jar.Result start = Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "start", "--workers", "1", "--db", db.toString());
        assertEquals(0, start.exitCode(), start.toString());
        Matcher pid = COORDINATOR.matcher(start.out());
        assertTrue(pid.find(), start.toString());
        try {
            Path maps = Path.of("/proc", pid.group(1), "maps");
            Path library = Await.until("the coordinator to load sqlite-jdbc's native library", Duration.ofSeconds(60),
                    () -> mapped(maps).stream().filter(p -> p.getFileName().toString().contains("sqlitejdbc"))
                            .findFirst().orElse(null));

            Path own = library.getParent();
            assertEquals(shared, own.getParent(), "a directory of its own in the shared one: " + library);
            assertNotEquals(plantedDirectory, own);
            assertEquals(0, Files.getAttribute(own, "unix:uid", LinkOption.NOFOLLOW_LINKS), own + " is root's");
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(own, LinkOption.NOFOLLOW_LINKS)), own + " is private");
            assertNotEquals(0, asAttacker("touch", own.resolve("planted.so").toString()),
                    "the attacker cannot write " + own);
            assertNotEquals(0, asAttacker("cp", "/dev/null", library.toString()),
                    "the attacker cannot replace " + library);
            for (Path file : mapped(maps)) {
                assertNotEquals(Integer.parseInt(ATTACKER), Files.getAttribute(file, "unix:uid"),
                        "the coordinator maps the attacker's " + file);
            }
        } finally {
            Jar.Result stop = Jar.run(dir, CrashRecoveryCliIT.TIMEOUT, "stop", "--grace", "5s", "--db", db.toString());
            assertEquals(0, stop.exitCode(), stop.toString());
        }
    }

    /** The files mapped into a process, from its {@code /proc/<pid>/maps}. */
    private static List<Path> mapped(Path maps) {
        try {
            return Files.readAllLines(maps).stream()
                    .map(line -> line.split("\\s+", 6))
                    .filter(fields -> fields.length == 6 && fields[5].startsWith("/"))
                    .map(fields -> Path.of(fields[5]))
                    .filter(Files::isRegularFile)
                    .distinct()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int asAttacker(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("setpriv", "--reuid=" + ATTACKER, "--regid=" + ATTACKER,
                "--clear-groups"));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "setpriv " + String.join(" ", command) + " ended");
        return process.exitValue();
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
