package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** {@link LocalProcessController} on {@link ProcessBuilder}, {@link ProcessHandle} and a {@link ProcessRegistry}. */
final class OsProcessController implements LocalProcessController {

    private static final Logger log = LoggerFactory.getLogger(OsProcessController.class);

    private static final DateTimeFormatter LOG_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_LOG_NAME_ATTEMPTS = 1000;
    private static final String LOCK_SUFFIX = ".lock";
    /** One in-process lock per lock file: the OS lock is per process, and a JVM may hold several controllers. */
    private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final ProcessOptions options;
    private final ProcessRegistry registry;
    private final ProcessInspector inspector;

    OsProcessController(ProcessOptions options, ProcessInspector inspector) {
        this.options = Objects.requireNonNull(options, "options");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.registry = new ProcessRegistry(options.stateDirectory());
        PrivateDirectory.prepare(options.stateDirectory(), "state");
        PrivateDirectory.prepare(options.logDirectory(), "log");
    }

    static OsProcessController create(ProcessOptions options) {
        OsProcessController controller = new OsProcessController(options, new OsProcessInspector());
        log.info("process controller ready: registry {}, logs {}, poll interval {}, kill wait {}",
                options.stateDirectory(), options.logDirectory(), options.pollInterval(), options.killWait());
        return controller;
    }

    @Override
    public Path stateDirectory() {
        return options.stateDirectory();
    }

    @Override
    public TrackedProcess launch(LaunchSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String group = spec.group();
        refuseSecrets(spec);
        String what = spec.role().label() + " `" + RegistryCodec.commandLine(spec.command()) + "`";
        Instant launchedAt = options.clock().instant();
        Path logFile = newLogFile(spec, launchedAt);

        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (spec.workingDirectory() != null) {
            builder.directory(spec.workingDirectory().toFile());
        }
        String launchSecret = LaunchSecret.generate();
        Process process;
        try {
            Map<String, String> environment = builder.environment();
            environment.keySet().removeAll(WITHHELD_VARIABLES);
            environment.putAll(spec.environment());
            environment.put(LaunchSecret.VARIABLE, launchSecret);
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            deleteEmptyLog(logFile, group);
            throw new ProcessControlException("exploration '" + group + "': cannot launch " + what + ": "
                    + e.getMessage() + "; check the program path, its permissions"
                    + (spec.workingDirectory() != null ? " and the working directory " + spec.workingDirectory() : ""),
                    e);
        }
        closeStandardInput(process, group);

        Observation seen = inspector.observe(process.pid()).orElse(null);
        if (seen == null || seen.startInstant() == null) {
            throw unrecordable(process, group, what, logFile);
        }
        TrackedProcess tracked = new TrackedProcess(spec.role(), group, process.pid(), seen.startInstant(),
                spec.command(), logFile, launchedAt);
        RegistryEntry entry = new RegistryEntry(tracked, ProcessIdentity.of(seen), launchSecret,
                ProcessHandle.current().pid(),
                spec.workingDirectory() == null ? null : spec.workingDirectory().toAbsolutePath(), null);
        try {
            entry = registry.write(entry);
        } catch (ProcessControlException e) {
            // An unrecorded process could never be stopped by identity; better not to leave it running.
            killOwnChild(process);
            throw e;
        }
        log.info("exploration '{}': launched {} (log {})", LogText.of(group), tracked, logFile);
        log.debug("exploration '{}': {} runs {}; registry entry {}", LogText.of(group), tracked, LogText.of(what),
                entry.file());
        return tracked;
    }

    @Override
    public List<TrackedProcess> listLive(String group) {
        requireGroup(group);
        List<TrackedProcess> live = new ArrayList<>();
        for (RegistryEntry entry : registry.read(group)) {
            Liveness liveness = Liveness.of(inspector, entry);
            switch (liveness.state()) {
                case LIVE, SELF -> live.add(entry.process());
                case GONE -> prune(entry, liveness.detail());
                case FOREIGN -> {
                    log.warn("exploration '{}': registry entry {} names a process this library did not launch: {}",
                            LogText.of(group), entry.file(), liveness.detail());
                    prune(entry, liveness.detail());
                }
                case UNVERIFIABLE -> log.warn("exploration '{}': cannot tell whether {} is alive as recorded: {};"
                        + " not listed, entry {} kept", LogText.of(group), entry.process(), liveness.detail(),
                        entry.file());
            }
        }
        log.debug("exploration '{}': {} live process(es)", LogText.of(group), live.size());
        return List.copyOf(live);
    }

    @Override
    public List<ProcessStopOutcome> stopAll(String group, Duration grace) {
        requireGroup(group);
        ProcessOptions.checkGrace("grace", grace);
        return new StopSequence(group, grace, options, registry, inspector).run();
    }

    /**
     * Holds an in-process lock and an OS file lock on {@code <state directory>/<group>.lock} while {@code action}
     * runs, so two Starts, in one JVM or in several, never both see "no coordinator" and both launch one. The lock
     * file is created once with mode 0600 and never removed (removing it would let two holders lock two files).
     */
    @Override
    public <T> T exclusively(String group, Supplier<T> action) {
        requireGroup(group);
        Objects.requireNonNull(action, "action");
        Path lockFile = options.stateDirectory().resolve(RegistryCodec.safe(group) + LOCK_SUFFIX);
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
        if (local.isHeldByCurrentThread()) {
            return action.get(); // nested: this thread already holds the file lock too
        }
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PrivateDirectory.FILE_MODE));
             FileLock held = channel.lock()) {
            log.debug("exploration '{}': holding {}", LogText.of(group), lockFile);
            return action.get();
        } catch (IOException e) {
            throw new ProcessControlException("exploration '" + group + "': cannot lock " + lockFile + ": " + e
                    + "; check that " + options.stateDirectory() + " is a local directory writable by this user", e);
        } finally {
            local.unlock();
        }
    }

    @Override
    public String toString() {
        return "LocalProcessController[" + options.stateDirectory() + "]";
    }

    private void prune(RegistryEntry entry, String why) {
        try {
            registry.delete(entry);
            log.info("exploration '{}': pruned registry entry of {}: {}", LogText.of(entry.group()), entry.process(),
                    why);
        } catch (ProcessControlException e) {
            log.warn("exploration '{}': {} is gone ({}) but its entry stays: {}", LogText.of(entry.group()),
                    entry.process(), why, LogText.of(e.getMessage()));
        }
    }

    private Path newLogFile(LaunchSpec spec, Instant launchedAt) {
        PrivateDirectory.prepare(options.logDirectory(), "log");
        String base = RegistryCodec.safe(spec.group()) + "." + spec.role().label() + "." + LOG_STAMP.format(launchedAt);
        for (int n = 1; n <= MAX_LOG_NAME_ATTEMPTS; n++) {
            Path file = options.logDirectory().resolve(n == 1 ? base + ".log" : base + "-" + n + ".log");
            try {
                // O_EXCL: never follows a link planted at the name; only this user can read the output.
                return Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateDirectory.FILE_MODE));
            } catch (FileAlreadyExistsException e) {
                // launched in the same millisecond as another one: try the next suffix
            } catch (IOException e) {
                throw new ProcessControlException("exploration '" + spec.group() + "': cannot create log file " + file
                        + ": " + e + "; check that " + options.logDirectory() + " is writable by this user", e);
            }
        }
        throw new ProcessControlException("exploration '" + spec.group() + "': no free log file name like " + base
                + ".log in " + options.logDirectory() + " after " + MAX_LOG_NAME_ATTEMPTS + " attempts");
    }

    private ProcessControlException unrecordable(Process process, String group, String what, Path logFile) {
        if (!process.isAlive()) {
            return new ProcessControlException("exploration '" + group + "': " + what + " (pid " + process.pid()
                    + ") exited at once with code " + process.exitValue() + ", before it could be recorded; its output"
                    + " is in " + logFile);
        }
        killOwnChild(process);
        return new ProcessControlException("exploration '" + group + "': the start instant of " + what + " (pid "
                + process.pid() + ") cannot be read, so it could not be recorded safely and was killed; is /proc"
                + " restricted (hidepid)?");
    }

    /** Kills a child this JVM just started and cannot track; the Process object makes its identity certain. */
    private void killOwnChild(Process process) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(options.killWait().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("pid {} launched by this process is still running {} after SIGKILL", process.pid(),
                        options.killWait());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteEmptyLog(Path logFile, String group) {
        try {
            if (Files.size(logFile) == 0) {
                Files.delete(logFile);
            }
        } catch (IOException e) {
            log.debug("exploration '{}': cannot remove unused log file {}: {}", LogText.of(group), logFile, e.toString());
        }
    }

    private static void closeStandardInput(Process process, String group) {
        // The child reads end-of-file instead of waiting on a pipe nobody writes to.
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("exploration '{}': cannot close standard input of pid {}: {}", LogText.of(group), process.pid(), e.toString());
        }
    }

    /** A spec may not hand a launched process a secret of this program, nor forge the launch secret. */
    private static void refuseSecrets(LaunchSpec spec) {
        for (String name : spec.environment().keySet()) {
            if (WITHHELD_VARIABLES.contains(name) || name.equals(LaunchSecret.VARIABLE)) {
                throw new IllegalArgumentException("exploration '" + spec.group() + "': the launch spec of a "
                        + spec.role().label() + " sets " + name + ", which is never passed to a launched process"
                        + " (other local users could read it); give the process a file to read it from instead");
            }
        }
    }

    private static void requireGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group (the exploration name) must not be blank; got "
                    + (group == null ? "null" : "'" + group + "'"));
        }
    }
}
