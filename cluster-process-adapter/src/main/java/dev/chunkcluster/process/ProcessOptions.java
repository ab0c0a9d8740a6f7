package dev.chunkcluster.process;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable configuration of a {@link LocalProcessController}. Built with {@link #builder(Path)}; every setter
 * rejects a bad value at once with a message that names the option and the value.
 */
public final class ProcessOptions {

    /** How often a stop checks whether the signalled processes have exited. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
    /** How long a stop waits for the processes to vanish after SIGKILL before it reports them as failed. */
    public static final Duration DEFAULT_KILL_WAIT = Duration.ofSeconds(5);
    /** The longest grace period accepted. */
    public static final Duration MAX_GRACE = Duration.ofHours(1);
    /** The longest poll interval accepted. */
    public static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);
    /** The longest kill wait accepted. */
    public static final Duration MAX_KILL_WAIT = Duration.ofMinutes(10);
    /** Appended to a database file's name to get its state directory: {@code exploration.db.processes}. */
    public static final String STATE_DIRECTORY_SUFFIX = ".processes";
    /** The default log directory, inside the state directory. */
    public static final String LOG_DIRECTORY_NAME = "logs";

    private final Path stateDirectory;
    private final Path logDirectory;
    private final Duration pollInterval;
    private final Duration killWait;
    private final Clock clock;

    private ProcessOptions(Builder builder) {
        this.stateDirectory = builder.stateDirectory;
        this.logDirectory = builder.logDirectory != null
                ? builder.logDirectory
                : builder.stateDirectory.resolve(LOG_DIRECTORY_NAME);
        this.pollInterval = builder.pollInterval;
        this.killWait = builder.killWait;
        this.clock = builder.clock;
    }

    /**
     * A builder whose registry files go to {@code stateDirectory} (created with mode 0700 if missing, refused unless
     * it belongs to this user and no other user can write it; relative paths are resolved against the current
     * directory now, because other processes read the absolute paths it records).
     *
     * @throws IllegalArgumentException if {@code stateDirectory} is null
     */
    public static Builder builder(Path stateDirectory) {
        return new Builder(stateDirectory);
    }

    /**
     * The conventional state directory of the exploration kept in {@code database}: a sibling directory named after
     * the file plus {@value #STATE_DIRECTORY_SUFFIX}, e.g. {@code data/exploration.db} gives
     * {@code data/exploration.db.processes}. The name deliberately does not match {@code *.db-*}, the pattern of
     * SQLite's own companion files.
     *
     * @throws NullPointerException     if {@code database} is null
     * @throws IllegalArgumentException if {@code database} is a root directory
     */
    public static Path stateDirectoryFor(Path database) {
        Objects.requireNonNull(database, "database");
        Path absolute = database.toAbsolutePath().normalize();
        Path fileName = absolute.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("database must name a file, not a root directory; got '" + database + "'");
        }
        return absolute.resolveSibling(fileName + STATE_DIRECTORY_SUFFIX);
    }

    /** Where the registry files are: one per launched process. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** Where each launched process's log file (its stdout and stderr) goes. */
    public Path logDirectory() {
        return logDirectory;
    }

    /** How often a stop checks whether the signalled processes have exited. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** How long a stop waits for the processes to vanish after SIGKILL before it reports them as failed. */
    public Duration killWait() {
        return killWait;
    }

    /** Source of launch timestamps; waits use the monotonic timer, never this clock. */
    public Clock clock() {
        return clock;
    }

    /** Every option, for the log line that shows the effective configuration. */
    @Override
    public String toString() {
        return "stateDirectory=" + stateDirectory + ", logDirectory=" + logDirectory + ", pollInterval=" + pollInterval
                + ", killWait=" + killWait + ", clock=" + clock;
    }

    /** Collects options; {@link #build()} seals them. Not thread-safe. */
    public static final class Builder {

        private final Path stateDirectory;
        private Path logDirectory;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration killWait = DEFAULT_KILL_WAIT;
        private Clock clock = Clock.systemUTC();

        private Builder(Path stateDirectory) {
            if (stateDirectory == null) {
                throw new IllegalArgumentException("stateDirectory must be a directory path; got null");
            }
            this.stateDirectory = stateDirectory.toAbsolutePath().normalize();
        }

        /** Where log files go; default {@code <stateDirectory>/}{@value #LOG_DIRECTORY_NAME}. */
        public Builder logDirectory(Path logDirectory) {
            if (logDirectory == null) {
                throw new IllegalArgumentException("logDirectory must be a directory path; got null");
            }
            this.logDirectory = logDirectory.toAbsolutePath().normalize();
            return this;
        }

        /** How often a stop checks for exits; above 0 up to {@link #MAX_POLL_INTERVAL}, default {@link #DEFAULT_POLL_INTERVAL}. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = checkPositive("pollInterval", pollInterval, MAX_POLL_INTERVAL);
            return this;
        }

        /** Wait after SIGKILL; above 0 up to {@link #MAX_KILL_WAIT}, default {@link #DEFAULT_KILL_WAIT}. */
        public Builder killWait(Duration killWait) {
            this.killWait = checkPositive("killWait", killWait, MAX_KILL_WAIT);
            return this;
        }

        /** Source of launch timestamps; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * The options, sealed.
         *
         * @throws IllegalArgumentException if the log directory is the state directory
         */
        public ProcessOptions build() {
            Path logs = logDirectory != null ? logDirectory : stateDirectory.resolve(LOG_DIRECTORY_NAME);
            if (logs.equals(stateDirectory)) {
                throw new IllegalArgumentException("logDirectory must differ from stateDirectory (the registry); got '"
                        + logs + "' for both");
            }
            return new ProcessOptions(this);
        }

        private static Duration checkPositive(String name, Duration value, Duration max) {
            if (value == null || value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be above 0 and at most " + max + "; got " + value);
            }
            return value;
        }
    }

    /** Checks the grace period of {@code stopAll(group, grace)}. */
    static Duration checkGrace(String name, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and " + MAX_GRACE + "; got " + value);
        }
        return value;
    }
}
