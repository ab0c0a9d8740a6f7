package dev.chunkcluster.postgres;

import dev.chunkcluster.jdbc.OpenMode;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@link PostgresChunkStore} behaves. Immutable; made with {@link #builder()}, whose {@code build()} rejects
 * nonsense with a message naming the bad value.
 */
public final class PostgresOptions {

    /** The schema the tables live in unless told otherwise. */
    public static final String DEFAULT_SCHEMA = "public";

    /**
     * How often a transaction is run again after PostgreSQL refused it in a way another try may cure: a serialization
     * failure, a deadlock, a lost connection or a server that is starting or shutting down.
     */
    public static final int DEFAULT_MAX_RETRIES = 10;

    /** The most retries the builder accepts. */
    public static final int MAX_RETRIES_LIMIT = 1000;

    /** How long retries of one transaction may go on: long enough for a server restart. */
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(30);

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    private static final PostgresOptions DEFAULTS = new Builder().build();

    private final String schema;
    private final OpenMode openMode;
    private final Clock clock;
    private final int maxRetries;
    private final Duration retryWindow;
    private final String serverName;

    private PostgresOptions(Builder builder) {
        this.serverName = builder.serverName;
        this.schema = builder.schema;
        this.openMode = builder.openMode;
        this.clock = builder.clock;
        this.maxRetries = builder.maxRetries;
        this.retryWindow = builder.retryWindow;
    }

    /**
     * Schema {@value #DEFAULT_SCHEMA}, {@link OpenMode#CREATE_IF_ABSENT}, the database's clock, {@value
     * #DEFAULT_MAX_RETRIES} retries within 30 s.
     */
    public static PostgresOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schema that holds the tables; it must exist. */
    public String schema() {
        return schema;
    }

    /** Whether opening may create or migrate the tables. */
    public OpenMode openMode() {
        return openMode;
    }

    /**
     * The clock lease times are read from; empty (the default) for the database server's clock, which every host of a
     * cluster shares, so a host whose clock is off can neither expire a healthy lease nor keep a dead one alive.
     */
    public Optional<Clock> clock() {
        return Optional.ofNullable(clock);
    }

    /** Extra runs of a transaction that PostgreSQL refused in a way another try may cure. */
    public int maxRetries() {
        return maxRetries;
    }

    /** How long the retries of one transaction may go on. */
    public Duration retryWindow() {
        return retryWindow;
    }

    /** How messages name the server; empty for the URL the driver reports, without its parameters. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    @Override
    public String toString() {
        return "schema " + schema + ", openMode " + openMode + ", clock " + (clock == null ? "database" : clock)
                + ", maxRetries " + maxRetries + ", retryWindow " + retryWindow.toMillis() + " ms";
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {

        private String schema = DEFAULT_SCHEMA;
        private OpenMode openMode = OpenMode.CREATE_IF_ABSENT;
        private Clock clock;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration retryWindow = DEFAULT_RETRY_WINDOW;
        private String serverName;

        private Builder() {
        }

        /**
         * How messages name the server, such as {@code PostgreSQL server db.example.org:5432 database jobs}; default:
         * built from the URL the driver reports once connected. Never put a password in it.
         */
        public Builder serverName(String serverName) {
            this.serverName = Objects.requireNonNull(serverName, "serverName");
            return this;
        }

        /** A lower-case identifier of at most 63 characters; default {@value #DEFAULT_SCHEMA}. */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /** Default {@link OpenMode#CREATE_IF_ABSENT}; {@link OpenMode#EXISTING_ONLY} runs no DDL at all. */
        public Builder openMode(OpenMode openMode) {
            this.openMode = Objects.requireNonNull(openMode, "openMode");
            return this;
        }

        /** A JVM clock for lease times instead of the database's (for tests); default: the database's clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** 0 to {@value #MAX_RETRIES_LIMIT}; default {@value #DEFAULT_MAX_RETRIES}. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** At least 1 ms; default {@link #DEFAULT_RETRY_WINDOW}. */
        public Builder retryWindow(Duration retryWindow) {
            this.retryWindow = Objects.requireNonNull(retryWindow, "retryWindow");
            return this;
        }

        /**
         * The options, validated.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public PostgresOptions build() {
            if (!SCHEMA_NAME.matcher(schema).matches()) {
                throw new IllegalArgumentException("PostgresOptions.schema must be a lower-case identifier (a to z, "
                        + "digits, _ and $, not starting with a digit, at most 63 characters); got '" + schema + "'");
            }
            if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
                throw new IllegalArgumentException("PostgresOptions.maxRetries must be 0 to " + MAX_RETRIES_LIMIT
                        + "; got " + maxRetries);
            }
            if (retryWindow.isNegative() || retryWindow.toMillis() < 1) {
                throw new IllegalArgumentException("PostgresOptions.retryWindow must be at least 1 ms; got "
                        + retryWindow);
            }
            return new PostgresOptions(this);
        }
    }
}
