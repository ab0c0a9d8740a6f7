package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.process.testapps.HoldLock;
import dev.chunkcluster.process.testapps.LaunchAndExit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.chunkcluster.process.TestProcesses.PATIENCE;
import static dev.chunkcluster.process.TestProcesses.await;
import static dev.chunkcluster.process.TestProcesses.isGone;
import static dev.chunkcluster.process.TestProcesses.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attacks of a hostile local user on the registry, each reproduced: the attacker is uid 65534 through
 * {@code setpriv} (the test runs as root, which ignores file modes, so the attacker must be another user), and the
 * victim is a process this test starts itself, never a process of the system.
 */
@Tag("slow")
class ProcessSecurityTest {

    private static final String NOBODY = "65534";
    private static final String GROUP = "alpha";
    private static final Duration GRACE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final TestProcesses processes = new TestProcesses();
    private Path state;

    @BeforeEach
    void letOtherUsersReachTheTestDirectory() throws IOException {
        // As a real data directory would be: others may traverse it, so only the state directory's own mode protects.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        state = dir.resolve("exploration.db.processes");
    }

    @AfterEach
    void endStartedProcesses() {
        processes.endAll();
    }

    private LocalProcessController controller() {
        return LocalProcessController.create(ProcessOptions.builder(state).pollInterval(Duration.ofMillis(20)).build());
    }

    @Test
    void theStateDirectoryIsPrivateEvenWhenCreatedUnderUmask000() throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"));
        command.addAll(java(LaunchAndExit.class, state.toString(), GROUP, pidFile.toString()));
        Process launcher = processes.startDirectly(command, dir.resolve("launcher.log"));
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the launcher to exit");
        assertEquals(0, launcher.exitValue(), () -> readQuietly(dir.resolve("launcher.log")));
        processes.track(TestProcesses.awaitPid(pidFile));

        assertEquals("rwx------", mode(state));
        assertEquals("rwx------", mode(state.resolve(ProcessOptions.LOG_DIRECTORY_NAME)));
        TrackedProcess sleeper = controller().listLive(GROUP).get(0);
        assertEquals("rw-------", mode(sleeper.logFile()));
        try (var entries = Files.list(state)) {
            for (Path entry : entries.filter(f -> f.toString().endsWith(RegistryCodec.ENTRY_SUFFIX)).toList()) {
                assertEquals("rw-------", mode(entry));
            }
        }
        assertEquals(Kind.STOPPED, controller().stopAll(GROUP, GRACE).get(0).kind());
    }

    @Test
    void anotherUserCannotPlantAnEntryInTheStateDirectory() throws Exception {
        LocalProcessController controller = controller();
        Process victim = processes.startDirectly(List.of("sleep", "1000"), dir.resolve("victim.log"));
        Path forged = Files.writeString(dir.resolve("forged.txt"), RegistryCodec.format(forgedEntry(victim.pid(),
                ProcessRole.WORKER, LaunchSecret.generate())));

        int written = asNobody("sh", "-c", "cat \"$1\" > \"$2\"", "sh", forged.toString(),
                state.resolve("planted.process").toString());

        assertNotEquals(0, written, "uid 65534 must not be able to write into the state directory");
        assertTrue(Files.notExists(state.resolve("planted.process")));
        assertEquals(List.of(), controller.stopAll(GROUP, GRACE));
        assertTrue(victim.isAlive());
    }

    @Test
    void aStateDirectoryOthersCanWriteIsRefusedAndLeftAlone() throws Exception {
        Files.createDirectory(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process victim = processes.startDirectly(List.of("sleep", "1000"), dir.resolve("victim.log"));
        Path forged = Files.writeString(dir.resolve("forged.txt"), RegistryCodec.format(forgedEntry(victim.pid(),
                ProcessRole.WORKER, LaunchSecret.generate())));
        assertEquals(0, asNobody("sh", "-c", "cat \"$1\" > \"$2\"", "sh", forged.toString(),
                state.resolve("planted.process").toString()), "the old mode let uid 65534 plant an entry");

        ProcessControlException e = assertThrows(ProcessControlException.class, this::controller);

        assertEquals("the process state directory " + state + " (owner uid 0) has mode 0777 (rwxrwxrwx), so other"
                + " users can write into it and plant registry entries or links; run chmod 700 " + state, e.getMessage());
        assertTrue(victim.isAlive());
        assertEquals("rwxrwxrwx", mode(state), "a refused directory is not changed");
        assertTrue(Files.exists(state.resolve("planted.process")), "nor is what is in it");
    }

    @Test
    void aStateDirectoryOfAnotherUserIsRefused() throws IOException {
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PrivateDirectory.DIRECTORY_MODE));
        Files.setOwner(state, state.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NOBODY));

        ProcessControlException e = assertThrows(ProcessControlException.class, this::controller);

        String message = e.getMessage();
        assertTrue(message.startsWith("the process state directory " + state + " belongs to uid 65534 ("), message);
        assertTrue(message.contains("mode 0700 (rwx------), not to this user (uid 0)"), message);
        assertTrue(message.endsWith("chown 0 " + state + " && chmod 700 " + state), message);
    }

    @Test
    void aLogsDirectoryThatIsALinkIsRefused() throws IOException {
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PrivateDirectory.DIRECTORY_MODE));
        Path target = Files.createDirectory(dir.resolve("elsewhere"));
        Path logs = Files.createSymbolicLink(state.resolve(ProcessOptions.LOG_DIRECTORY_NAME), target);

        ProcessControlException e = assertThrows(ProcessControlException.class, this::controller);

        assertTrue(e.getMessage().startsWith("the process log directory " + logs + " is a symbolic link (to " + target
                + ")"), e::getMessage);
        try (var files = Files.list(target)) {
            assertEquals(0, files.count(), "nothing was written through the link");
        }
    }

    @Test
    void aForgedEntryForAProcessOfThisUserIsNeitherListedNorSignalled() throws IOException {
        // Everything an entry holds but the launch secret is public in /proc: pid, start ticks, boot id.
        LocalProcessController controller = controller();
        Process victim = processes.startDirectly(List.of("sleep", "1000"), dir.resolve("victim.log"));
        new ProcessRegistry(state).write(forgedEntry(victim.pid(), ProcessRole.COORDINATOR, LaunchSecret.generate()));

        assertEquals(List.of(), controller.listLive(GROUP), "a forged coordinator must not make Start say running");
        new ProcessRegistry(state).write(forgedEntry(victim.pid(), ProcessRole.COORDINATOR, LaunchSecret.generate()));
        List<ProcessStopOutcome> outcomes = controller.stopAll(GROUP, GRACE);

        assertEquals(1, outcomes.size(), outcomes::toString);
        assertEquals(Kind.ALREADY_GONE, outcomes.get(0).kind(), outcomes::toString);
        assertTrue(outcomes.get(0).detail().contains("does not carry the launch secret of this entry"), outcomes::toString);
        assertTrue(victim.isAlive(), "the victim must survive the Stop");
    }

    @Test
    void aProcessOfAnotherUserIsNeverSignalledEvenWithTheRightSecret() throws IOException {
        LocalProcessController controller = controller();
        String secret = LaunchSecret.generate();
        Process victim = processes.startDirectly(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "env", LaunchSecret.VARIABLE + "=" + secret, "sleep", "1000"), dir.resolve("v.log"));
        await(PATIENCE, () -> ProcFs.uids(victim.pid()).map(u -> u.both(65534)).orElse(false)
                        && readQuietly(Path.of("/proc", Long.toString(victim.pid()), "cmdline")).startsWith("sleep"),
                "the victim to run as uid 65534");
        new ProcessRegistry(state).write(forgedEntry(victim.pid(), ProcessRole.WORKER, secret));

        List<ProcessStopOutcome> outcomes = controller.stopAll(GROUP, GRACE);

        assertEquals(Kind.ALREADY_GONE, outcomes.get(0).kind(), outcomes::toString);
        assertTrue(outcomes.get(0).detail().contains("belongs to uid 65534, not to this user (uid 0)"),
                outcomes::toString);
        assertTrue(victim.isAlive());
    }

    @Test
    void pidOneIsNeverTrusted() {
        RegistryEntry init = RegistryCodecTest.entry(GROUP, 1, List.of("init"));

        LaunchSecret.Proof proof = LaunchSecret.check(init);

        assertEquals(LaunchSecret.Verdict.FOREIGN, proof.verdict());
        assertEquals("pid 1 is the system's init process, never signalled", proof.detail());
    }

    @Test
    void theSecretsOfThisProgramNeverReachALaunchedProcess() throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        ProcessBuilder builder = new ProcessBuilder(java(LaunchAndExit.class, state.toString(), GROUP,
                pidFile.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("launcher.log").toFile());
        builder.environment().put("CHUNKCLUSTER_TOKEN", "launcher-token-0123456789");
        builder.environment().put("CHUNKCLUSTER_DB_PASSWORD", "launcher-password");
        Process launcher = builder.start();
        processes.track(launcher.toHandle());
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the launcher to exit");
        long sleeper = TestProcesses.awaitPid(pidFile);
        processes.track(sleeper);

        byte[] environ = ProcFs.environ(sleeper).orElseThrow();

        assertNull(ProcFs.variable(environ, "CHUNKCLUSTER_TOKEN"));
        assertNull(ProcFs.variable(environ, "CHUNKCLUSTER_DB_PASSWORD"));
        assertTrue(LaunchSecret.isWellFormed(ProcFs.variable(environ, LaunchSecret.VARIABLE)));
        LocalProcessController controller = controller();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> controller.launch(
                new LaunchSpec(ProcessRole.WORKER, GROUP, List.of("sleep", "1"), Map.of("CHUNKCLUSTER_TOKEN", "t"),
                        null)));
        assertEquals("exploration 'alpha': the launch spec of a worker sets CHUNKCLUSTER_TOKEN, which is never passed"
                + " to a launched process (other local users could read it); give the process a file to read it from"
                + " instead", e.getMessage());
        assertEquals(Kind.STOPPED, controller.stopAll(GROUP, GRACE).get(0).kind());
        assertTrue(isGone(sleeper));
    }

    @Test
    void exclusiveSectionsOfOneGroupDoNotOverlapAcrossProcesses() throws Exception {
        LocalProcessController controller = controller();
        Path events = dir.resolve("events");
        Path release = dir.resolve("release");
        Process other = processes.startDirectly(java(HoldLock.class, state.toString(), GROUP, events.toString(),
                release.toString()), dir.resolve("hold.log"));
        await(PATIENCE, () -> readQuietly(events).contains("other-in"), "the other JVM to hold the section");

        Thread releaser = new Thread(() -> {
            try {
                Files.writeString(release, "go");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        releaser.start();
        String inside = controller.exclusively(GROUP, () -> {
            HoldLock.append(events, "this-in");
            return readQuietly(events);
        });
        // The other JVM leaves only once the release file exists: this section must have waited for that.
        releaser.join();

        assertEquals("other-in\nother-out\nthis-in\n", inside);
        assertTrue(other.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    private RegistryEntry forgedEntry(long pid, ProcessRole role, String secret) {
        Observation seen = new OsProcessInspector().observe(pid).orElseThrow();
        TrackedProcess process = new TrackedProcess(role, GROUP, pid, seen.startInstant(), List.of("sleep", "1000"),
                dir.resolve("forged.log"), seen.startInstant());
        return new RegistryEntry(process, ProcessIdentity.of(seen), secret, 1, null, null);
    }

    /** Runs {@code command} as uid 65534 and returns its exit code. */
    private int asNobody(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.track(process.toHandle());
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the attacker's command to end");
        return process.exitValue();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path,
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
