package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.process.testapps.Chatter;
import dev.chunkcluster.process.testapps.LaunchAndExit;
import dev.chunkcluster.process.testapps.MiniCoordinator;
import dev.chunkcluster.process.testapps.Sleeper;
import dev.chunkcluster.process.testapps.TermIgnorer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.chunkcluster.process.TestProcesses.PATIENCE;
import static dev.chunkcluster.process.TestProcesses.await;
import static dev.chunkcluster.process.TestProcesses.awaitPid;
import static dev.chunkcluster.process.TestProcesses.awaitPids;
import static dev.chunkcluster.process.TestProcesses.isGone;
import static dev.chunkcluster.process.TestProcesses.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller against real child processes. */
@Tag("slow")
class LocalProcessControllerTest {

    private static final String GROUP = "alpha";
    private static final Duration SHORT_GRACE = Duration.ofSeconds(1);
    private static final Duration LONG_GRACE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestProcesses processes = new TestProcesses();
    private LocalProcessController controller;

    @BeforeEach
    void createController() {
        controller = LocalProcessController.create(options().build());
    }

    @AfterEach
    void endStartedProcesses() {
        processes.endAll();
    }

    private ProcessOptions.Builder options() {
        return ProcessOptions.builder(dir.resolve("state")).pollInterval(Duration.ofMillis(20));
    }

    private TrackedProcess launch(LaunchSpec spec) {
        TrackedProcess launched = controller.launch(spec);
        processes.track(launched.pid());
        return launched;
    }

    private List<Path> registryFiles() throws IOException {
        try (Stream<Path> files = Files.list(controller.stateDirectory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(RegistryCodec.ENTRY_SUFFIX)).sorted().toList();
        }
    }

    private static ProcessStopOutcome single(List<ProcessStopOutcome> outcomes) {
        assertEquals(1, outcomes.size(), () -> "outcomes: " + outcomes);
        return outcomes.get(0);
    }

    @Test
    void childThatExitsOnTermIsStopped() throws IOException {
        Path ready = dir.resolve("ready");
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP,
                java(Sleeper.class, "--ready", ready.toString())));
        assertEquals(worker.pid(), awaitPid(ready));
        assertEquals(List.of(worker), controller.listLive(GROUP));

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, LONG_GRACE));

        assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
        assertEquals(worker, outcome.process());
        assertTrue(isGone(worker.pid()));
        assertEquals(List.of(), registryFiles());
        assertEquals(List.of(), controller.listLive(GROUP));
        assertEquals(List.of(), controller.stopAll(GROUP, LONG_GRACE), "a second stop finds nothing");
    }

    @Test
    void processWhoseMainThreadEndedFirstIsAliveUntilItIsStopped() throws IOException, InterruptedException {
        Path program = compile("main-thread-ends-first.c");
        Path ready = dir.resolve("ready");
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP,
                List.of(program.toString(), ready.toString())));
        assertEquals(worker.pid(), awaitPid(ready));
        await(PATIENCE, () -> ProcFs.stat(worker.pid()).map(stat -> stat.state() == 'Z').orElse(false),
                "the main thread of pid " + worker.pid() + " to end");

        assertEquals(List.of(worker), controller.listLive(GROUP), "its other thread runs: alive, and proven ours");
        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, LONG_GRACE));

        assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
        assertTrue(isGone(worker.pid()));
        assertEquals(List.of(), controller.listLive(GROUP));
    }

    /** {@code source}, a C program among this test's resources, compiled with gcc into the test's directory. */
    private Path compile(String source) throws IOException, InterruptedException {
        Path file = dir.resolve(source);
        try (InputStream in = LocalProcessControllerTest.class.getResourceAsStream(source)) {
            Files.copy(Objects.requireNonNull(in, source), file);
        }
        Path program = dir.resolve(source.replace(".c", ""));
        Path log = dir.resolve("gcc.log");
        Process gcc = new ProcessBuilder("gcc", "-O", "-pthread", "-o", program.toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.track(gcc.toHandle());
        assertTrue(gcc.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "gcc to finish");
        assertEquals(0, gcc.exitValue(), () -> "gcc failed: " + readQuietly(log));
        return program;
    }

    @Test
    void childIgnoringTermIsForcedAndItsGrandchildrenAreGoneToo() throws IOException {
        // The first grandchild dies on SIGTERM; the second started after the trap, inherits the ignored SIGTERM and
        // leaves the session with setsid, so only SIGKILL of a tracked descendant ends it.
        String script = """
                sleep 1000 &
                echo $! > "$1/kids.tmp"
                trap "" TERM
                setsid sleep 1000 &
                echo $! >> "$1/kids.tmp"
                mv "$1/kids.tmp" "$1/kids"
                wait
                """;
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP,
                List.of("bash", "-c", script, "worker", dir.toString())));
        List<Long> grandchildren = awaitPids(dir.resolve("kids"));
        assertEquals(2, grandchildren.size());
        grandchildren.forEach(processes::track);
        long detached = grandchildren.get(1);
        await(PATIENCE, () -> sessionOf(detached) == detached, "the second grandchild to call setsid");
        assertNotEquals(grandchildren.get(0), sessionOf(grandchildren.get(0)));

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, SHORT_GRACE));

        assertEquals(Kind.FORCED, outcome.kind(), outcome::toString);
        assertTrue(outcome.detail().contains("SIGKILL"), outcome::toString);
        assertTrue(isGone(worker.pid()), "worker");
        for (long grandchild : grandchildren) {
            assertTrue(isGone(grandchild), "grandchild " + grandchild);
        }
        assertEquals(List.of(), registryFiles());
    }

    @Test
    void javaChildIgnoringTermIsForced() {
        Path ready = dir.resolve("ready");
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP,
                java(TermIgnorer.class, "--ready", ready.toString())));
        awaitPid(ready);

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, SHORT_GRACE));

        assertEquals(Kind.FORCED, outcome.kind(), outcome::toString);
        assertTrue(isGone(worker.pid()));
    }

    @Test
    void decoyWithTheSameCommandLineSurvivesTheStop() throws IOException {
        List<String> command = java(Sleeper.class, "distributed_worker", "--chunk", "7");
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP, command));
        Process decoy = processes.startDirectly(command, dir.resolve("decoy.log"));

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, LONG_GRACE));

        assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
        assertTrue(isGone(worker.pid()));
        assertTrue(decoy.isAlive(), "the decoy was not in the registry and must not be touched");
    }

    @Test
    void entryWhosePidNowBelongsToAnotherProcessIsNotSignalledAndIsPruned() throws IOException {
        Process stranger = processes.startDirectly(List.of("sleep", "1000"), dir.resolve("stranger.log"));
        writeEntryWithWrongStart(stranger.pid());

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, SHORT_GRACE));

        assertEquals(Kind.ALREADY_GONE, outcome.kind(), outcome::toString);
        assertTrue(outcome.detail().contains("now belongs to another process"), outcome::toString);
        assertTrue(stranger.isAlive(), "the process that reused the pid must not be signalled");
        assertEquals(List.of(), registryFiles());
    }

    @Test
    void listingPrunesAnEntryWhosePidNowBelongsToThisJvm() throws IOException {
        writeEntryWithWrongStart(ProcessHandle.current().pid());

        assertEquals(List.of(), controller.listLive(GROUP));
        assertEquals(List.of(), registryFiles());
    }

    @Test
    void aProcessNeverSignalsItself() throws IOException {
        Observation self = new OsProcessInspector().observe(ProcessHandle.current().pid()).orElseThrow();
        writeEntry(self.pid(), ProcessIdentity.of(self));

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, SHORT_GRACE));

        assertEquals(Kind.FAILED, outcome.kind(), outcome::toString);
        assertTrue(outcome.detail().contains("this process itself"), outcome::toString);
        assertEquals(1, registryFiles().size(), "the entry stays: the process is alive");
        assertEquals(List.of(self.pid()), controller.listLive(GROUP).stream().map(TrackedProcess::pid).toList());
        Files.delete(registryFiles().get(0));
    }

    @Test
    void processLaunchedByAnotherJvmIsListedAndStoppedThroughTheRegistry() throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        Path jvmALog = dir.resolve("jvm-a.log");
        Process jvmA = processes.startDirectly(java(LaunchAndExit.class, controller.stateDirectory().toString(), GROUP,
                pidFile.toString()), jvmALog);
        assertTrue(jvmA.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "JVM A to exit");
        assertEquals(0, jvmA.exitValue(), () -> "JVM A failed: " + readQuietly(jvmALog));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle sleeper = processes.track(pid);
        assertNotEquals(Optional.of(ProcessHandle.current().pid()), sleeper.parent().map(ProcessHandle::pid),
                "the sleeper is not a child of this JVM");

        List<TrackedProcess> live = controller.listLive(GROUP);
        assertEquals(List.of(pid), live.stream().map(TrackedProcess::pid).toList());
        assertEquals(List.of("sleep", "1000"), live.get(0).command());
        assertTrue(Files.exists(live.get(0).logFile()));

        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, LONG_GRACE));

        assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
        assertTrue(isGone(sleeper));
        assertEquals(List.of(), registryFiles());
    }

    @Test
    void coordinatorAndTheWorkersItLaunchedAreStoppedTogether() {
        Path ready = dir.resolve("coordinator.ready");
        TrackedProcess coordinator = launch(LaunchSpec.of(ProcessRole.COORDINATOR, GROUP, java(MiniCoordinator.class,
                controller.stateDirectory().toString(), GROUP, "2", ready.toString())));
        awaitPid(ready);
        List<TrackedProcess> live = controller.listLive(GROUP);
        assertEquals(3, live.size(), () -> "live: " + live);
        live.stream().filter(p -> p.role() == ProcessRole.WORKER).forEach(w -> processes.track(w.pid()));

        List<ProcessStopOutcome> outcomes = controller.stopAll(GROUP, LONG_GRACE);

        assertEquals(3, outcomes.size(), () -> "outcomes: " + outcomes);
        for (ProcessStopOutcome outcome : outcomes) {
            assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
            assertTrue(isGone(outcome.pid()), outcome::toString);
        }
        assertEquals(Set.of(ProcessRole.COORDINATOR, ProcessRole.WORKER),
                outcomes.stream().map(o -> o.process().role()).collect(Collectors.toSet()));
        assertTrue(isGone(coordinator.pid()));
    }

    @Test
    void corruptEntriesDoNotBreakListingOrStopping() throws IOException {
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP, List.of("sleep", "1000")));
        Path state = controller.stateDirectory();
        String valid = Files.readString(registryFiles().get(0));
        Files.write(state.resolve("garbage.process"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 'x'});
        Files.writeString(state.resolve("half-written.process"), valid.substring(0, valid.length() / 2));
        Files.writeString(state.resolve("empty.process"), "");
        Files.writeString(state.resolve("bad-escape.process"), "group=" + GROUP + "\npid=\\uZZZZ\n");

        assertEquals(List.of(worker), controller.listLive(GROUP));
        ProcessStopOutcome outcome = single(controller.stopAll(GROUP, LONG_GRACE));

        assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
        assertTrue(isGone(worker.pid()));
        assertEquals(List.of("bad-escape.process", "empty.process", "garbage.process", "half-written.process"),
                registryFiles().stream().map(f -> f.getFileName().toString()).toList(),
                "unreadable entries are left for a person to inspect");
    }

    @Test
    void exclusiveSectionsNestInOneThreadAndLeaveTheirLockFile() throws IOException {
        String inner = controller.exclusively(GROUP, () -> controller.exclusively(GROUP, () -> "inner"));

        assertEquals("inner", inner);
        Path lockFile = controller.stateDirectory().resolve(GROUP + ".lock");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(lockFile)));
        assertEquals(List.of(), registryFiles(), "a lock file is not a registry entry");
    }

    @Test
    void nothingTrackedIsAnEmptyResultNotAnError() throws IOException {
        assertEquals(List.of(), controller.listLive("nobody"));
        assertEquals(List.of(), controller.stopAll("nobody", SHORT_GRACE));

        Files.delete(controller.stateDirectory().resolve(ProcessOptions.LOG_DIRECTORY_NAME));
        Files.delete(controller.stateDirectory());
        assertEquals(List.of(), controller.listLive("nobody"), "even with the state directory gone");
        assertEquals(List.of(), controller.stopAll("nobody", SHORT_GRACE));
    }

    @Test
    void logFileReceivesStdoutAndStderrAndALoudChildDoesNotBlock() throws IOException {
        long size = 10L * 1024 * 1024;
        TrackedProcess chatter = controller.launch(LaunchSpec.of(ProcessRole.WORKER, GROUP,
                java(Chatter.class, Long.toString(size))));
        ProcessHandle.of(chatter.pid()).ifPresent(processes::track);

        await(PATIENCE, () -> isGone(chatter.pid()), "the chatter to write " + size + " bytes and exit");

        String tail = Chatter.STDERR_MARKER + "\n";
        assertEquals(size + tail.length(), Files.size(chatter.logFile()));
        assertTrue(readTail(chatter.logFile(), tail.length()).equals(tail), "stderr goes to the same log file");
        assertEquals(List.of(), controller.listLive(GROUP), "an exited process is not live");
        assertEquals(List.of(), registryFiles(), "and its entry was pruned");
    }

    @Test
    void launchAppliesEnvironmentAndWorkingDirectory() throws IOException {
        Path work = Files.createDirectory(dir.resolve("work"));
        TrackedProcess worker = launch(new LaunchSpec(ProcessRole.WORKER, GROUP,
                List.of("bash", "-c", "echo \"probe=$CC_PROBE dir=$PWD\"; exec sleep 1000"), Map.of("CC_PROBE", "42"),
                work));
        String expected = "probe=42 dir=" + work.toRealPath();

        await(PATIENCE, () -> readQuietly(worker.logFile()).contains(expected), "'" + expected + "' in the log");
        assertEquals(Kind.STOPPED, single(controller.stopAll(GROUP, LONG_GRACE)).kind());
    }

    @Test
    void failedLaunchThrowsAndLeavesNoEntry() throws IOException {
        String missing = dir.resolve("no-such-program").toString();

        ProcessControlException e = assertThrows(ProcessControlException.class,
                () -> controller.launch(LaunchSpec.of(ProcessRole.WORKER, GROUP, List.of(missing, "--x"))));

        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("'" + GROUP + "'"), e::getMessage);
        assertEquals(List.of(), registryFiles());
        try (Stream<Path> logs = Files.list(dir.resolve("state").resolve(ProcessOptions.LOG_DIRECTORY_NAME))) {
            assertEquals(0, logs.count(), "no empty log file is left behind");
        }
    }

    @Test
    void stopActsOnItsGroupOnly() {
        TrackedProcess mine = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP, List.of("sleep", "1000")));
        TrackedProcess other = launch(LaunchSpec.of(ProcessRole.WORKER, "beta", List.of("sleep", "1000")));

        assertEquals(Kind.STOPPED, single(controller.stopAll(GROUP, LONG_GRACE)).kind());

        assertTrue(isGone(mine.pid()));
        assertEquals(List.of(other), controller.listLive("beta"));
    }

    @Test
    void unreadableStartInstantIsRefusedAndReported() throws IOException {
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP, List.of("sleep", "1000")));
        OsProcessController blind = new OsProcessController(options().build(), new BlindInspector(worker.pid()));

        assertEquals(List.of(), blind.listLive(GROUP), "cannot be verified, so not listed as live");
        ProcessStopOutcome outcome = single(blind.stopAll(GROUP, SHORT_GRACE));

        assertEquals(Kind.FAILED, outcome.kind(), outcome::toString);
        assertTrue(outcome.detail().contains("cannot be read"), outcome::toString);
        assertFalse(isGone(worker.pid()), "not signalled");
        assertEquals(1, registryFiles().size(), "the entry stays for a later stop");
        assertEquals(Kind.STOPPED, single(controller.stopAll(GROUP, LONG_GRACE)).kind());
    }

    @Test
    void descendantWhosePidWasReusedAfterTheSnapshotIsLeftAlone() throws IOException {
        TrackedProcess worker = launch(LaunchSpec.of(ProcessRole.WORKER, GROUP, List.of("sleep", "1000")));
        Process stranger = processes.startDirectly(List.of("sleep", "1000"), dir.resolve("stranger.log"));
        ProcessInspector os = new OsProcessInspector();
        Observation now = os.observe(stranger.pid()).orElseThrow();
        // As if the snapshot had found a descendant at this pid that has since exited and the pid went to the stranger.
        Observation snapshotted = new Observation(now.pid(), now.handle(), now.startInstant().minusSeconds(5),
                now.startTicks() == null ? null : now.startTicks() - 500, now.bootId(), false);
        ProcessInspector seesOldDescendant = new ProcessInspector() {
            @Override
            public Optional<Observation> observe(long pid) {
                return os.observe(pid);
            }

            @Override
            public List<Observation> descendants(Observation root) {
                return root.pid() == worker.pid() ? List.of(snapshotted) : os.descendants(root);
            }
        };
        OsProcessController stopper = new OsProcessController(options().build(), seesOldDescendant);

        ProcessStopOutcome outcome = single(stopper.stopAll(GROUP, SHORT_GRACE));

        assertEquals(Kind.STOPPED, outcome.kind(), outcome::toString);
        assertTrue(isGone(worker.pid()));
        assertTrue(stranger.isAlive(), "the pid's new owner must not be signalled");
    }

    private void writeEntryWithWrongStart(long pid) {
        Observation real = new OsProcessInspector().observe(pid).orElseThrow();
        writeEntry(pid, new ProcessIdentity(real.startInstant().minusSeconds(3600),
                real.startTicks() == null ? null : real.startTicks() / 2, real.bootId()));
    }

    private void writeEntry(long pid, ProcessIdentity identity) {
        Instant launchedAt = identity.startInstant();
        TrackedProcess process = new TrackedProcess(ProcessRole.WORKER, GROUP, pid, identity.startInstant(),
                List.of("java", "-cp", "app.jar", "distributed_worker"), dir.resolve("worker.log"), launchedAt);
        new ProcessRegistry(controller.stateDirectory()).write(new RegistryEntry(process, identity,
                LaunchSecret.generate(), 1, null, null));
    }

    /** Field 6 of /proc/pid/stat; -1 if unreadable. */
    private static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[6 - 3]);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String readTail(Path file, int bytes) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return new String(all, all.length - bytes, bytes, StandardCharsets.UTF_8);
    }

    /** Sees everything as the OS does, except that one pid's start instant cannot be read. */
    private static final class BlindInspector implements ProcessInspector {
        private final ProcessInspector os = new OsProcessInspector();
        private final long blindPid;

        BlindInspector(long blindPid) {
            this.blindPid = blindPid;
        }

        @Override
        public Optional<Observation> observe(long pid) {
            return os.observe(pid).map(o -> pid == blindPid
                    ? new Observation(o.pid(), o.handle(), null, null, o.bootId(), o.exited()) : o);
        }

        @Override
        public List<Observation> descendants(Observation root) {
            return new ArrayList<>(os.descendants(root));
        }
    }
}
