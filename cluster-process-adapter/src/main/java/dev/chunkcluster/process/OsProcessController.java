package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** {@link LocalProcessController} on {@link ProcessBuilder}, {@link ProcessHandle} and a {@link ProcessRegistry}. */
final class OsProcessController implements LocalProcessController {

    private static final Logger log = LoggerFactory.getLogger(OsProcessController.class);

    private static final DateTimeFormatter LOG_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_LOG_NAME_ATTEMPTS = 1000;

    private final ProcessOptions options;
    private final ProcessRegistry registry;
    private final ProcessInspector inspector;

    OsProcessController(ProcessOptions options, ProcessInspector inspector) {
        this.options = Objects.requireNonNull(options, "options");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.registry = new ProcessRegistry(options.stateDirectory());
        createDirectory(options.stateDirectory(), "state");
        createDirectory(options.logDirectory(), "log");
    }

    static OsProcessController create(ProcessOptions options) {
        OsProcessController controller = new OsProcessController(options, new OsProcessInspector());
        log.info("process controller ready: registry {}, logs {}, default grace {}, poll interval {}, kill wait {}",
                options.stateDirectory(), options.logDirectory(), options.defaultGrace(), options.pollInterval(),
                options.killWait());
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
        String what = spec.role().label() + " `" + ProcessRegistry.commandLine(spec.command()) + "`";
        Instant launchedAt = options.clock().instant();
        Path logFile = newLogFile(spec, launchedAt);

        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (spec.workingDirectory() != null) {
            builder.directory(spec.workingDirectory().toFile());
        }
        Process process;
        try {
            builder.environment().putAll(spec.environment());
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
        RegistryEntry entry = new RegistryEntry(tracked, ProcessIdentity.of(seen), ProcessHandle.current().pid(),
                spec.workingDirectory() == null ? null : spec.workingDirectory().toAbsolutePath(), null);
        try {
            entry = registry.write(entry);
        } catch (ProcessControlException e) {
            // An unrecorded process could never be stopped by identity; better not to leave it running.
            killOwnChild(process);
            throw e;
        }
        log.info("exploration '{}': launched {} (log {})", group, tracked, logFile);
        log.debug("exploration '{}': {} runs {}; registry entry {}", group, tracked, what, entry.file());
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
                case UNVERIFIABLE -> log.warn("exploration '{}': cannot tell whether {} is alive as recorded: {};"
                        + " not listed, entry {} kept", group, entry.process(), liveness.detail(), entry.file());
            }
        }
        log.debug("exploration '{}': {} live process(es)", group, live.size());
        return List.copyOf(live);
    }

    @Override
    public List<ProcessStopOutcome> stopAll(String group, Duration grace) {
        requireGroup(group);
        ProcessOptions.checkGrace("grace", grace);
        return new StopSequence(group, grace, options, registry, inspector).run();
    }

    @Override
    public List<ProcessStopOutcome> stopAll(String group) {
        return stopAll(group, options.defaultGrace());
    }

    @Override
    public String toString() {
        return "LocalProcessController[" + options.stateDirectory() + "]";
    }

    private void prune(RegistryEntry entry, String why) {
        try {
            registry.delete(entry);
            log.info("exploration '{}': pruned registry entry of {}: {}", entry.group(), entry.process(), why);
        } catch (ProcessControlException e) {
            log.warn("exploration '{}': {} is gone ({}) but its entry stays: {}", entry.group(), entry.process(), why,
                    e.getMessage());
        }
    }

    private Path newLogFile(LaunchSpec spec, Instant launchedAt) {
        createDirectory(options.logDirectory(), "log");
        String base = ProcessRegistry.safe(spec.group()) + "." + spec.role().label() + "." + LOG_STAMP.format(launchedAt);
        for (int n = 1; n <= MAX_LOG_NAME_ATTEMPTS; n++) {
            Path file = options.logDirectory().resolve(n == 1 ? base + ".log" : base + "-" + n + ".log");
            try {
                return Files.createFile(file);
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
            log.debug("exploration '{}': cannot remove unused log file {}: {}", group, logFile, e.toString());
        }
    }

    private static void closeStandardInput(Process process, String group) {
        // The child reads end-of-file instead of waiting on a pipe nobody writes to.
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("exploration '{}': cannot close standard input of pid {}: {}", group, process.pid(), e.toString());
        }
    }

    private static void createDirectory(Path directory, String what) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ProcessControlException("cannot create the process " + what + " directory " + directory + ": " + e
                    + "; create it or choose another with ProcessOptions", e);
        }
    }

    private static void requireGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("group (the exploration name) must not be blank; got "
                    + (group == null ? "null" : "'" + group + "'"));
        }
    }
}
