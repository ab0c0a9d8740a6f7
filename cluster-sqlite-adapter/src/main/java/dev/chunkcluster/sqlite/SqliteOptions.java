package dev.chunkcluster.sqlite;

import dev.chunkcluster.jdbc.OpenMode;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SqliteChunkStore} behaves. Immutable; made with {@link #builder()}, whose {@code build()} rejects
 * nonsense with a message naming the bad value.
 */
public final class SqliteOptions {

    /**
     * How long one statement waits for another connection's write lock before the store reports
     * {@link dev.chunkcluster.core.error.StoreBusyException}. Single waits of 1 to 2 s were measured under contention, so the
     * default leaves a wide margin.
     */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How often a transaction that SQLite refused as busy without waiting (for example a stale read snapshot) is
     * started again, always within the busy timeout.
     */
    public static final int DEFAULT_MAX_BUSY_RETRIES = 3;

    /** The most retries the builder accepts. */
    public static final int MAX_BUSY_RETRIES_LIMIT = 100;

    private static final SqliteOptions DEFAULTS = new Builder().build();

    private final Duration busyTimeout;
    private final Clock clock;
    private final int maxBusyRetries;
    private final OpenMode openMode;

    private SqliteOptions(Builder builder) {
        this.openMode = builder.openMode;
        this.busyTimeout = builder.busyTimeout;
        this.clock = builder.clock;
        this.maxBusyRetries = builder.maxBusyRetries;
    }

    /**
     * A busy timeout of 10 s, {@value #DEFAULT_MAX_BUSY_RETRIES} busy retries, the system clock in UTC and
     * {@link OpenMode#CREATE_IF_ABSENT}.
     */
    public static SqliteOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder().busyTimeout(busyTimeout).clock(clock).maxBusyRetries(maxBusyRetries).openMode(openMode);
    }

    /** SQLite's {@code busy_timeout}: how long a statement waits for a lock held by another connection. */
    public Duration busyTimeout() {
        return busyTimeout;
    }

    /** Where lease times (claimed, expires, finished) come from. */
    public Clock clock() {
        return clock;
    }

    /** Extra attempts of a transaction that came back busy before the busy timeout had passed. */
    public int maxBusyRetries() {
        return maxBusyRetries;
    }

    /** Whether opening may create or migrate the schema. */
    public OpenMode openMode() {
        return openMode;
    }

    /** "busyTimeout 10000 ms, maxBusyRetries 3, clock SystemClock[Z], openMode CREATE_IF_ABSENT". */
    @Override
    public String toString() {
        return "busyTimeout " + busyTimeout.toMillis() + " ms, maxBusyRetries " + maxBusyRetries + ", clock " + clock
                + ", openMode " + openMode;
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {

        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private int maxBusyRetries = DEFAULT_MAX_BUSY_RETRIES;
        private OpenMode openMode = OpenMode.CREATE_IF_ABSENT;

        private Builder() {
        }

        /** Whether opening may create or migrate the schema; default {@link OpenMode#CREATE_IF_ABSENT}. */
        public Builder openMode(OpenMode openMode) {
            this.openMode = Objects.requireNonNull(openMode, "openMode");
            return this;
        }

        /** At least 1 ms and at most {@link Integer#MAX_VALUE} ms; default {@link #DEFAULT_BUSY_TIMEOUT}. */
        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = Objects.requireNonNull(busyTimeout, "busyTimeout");
            return this;
        }

        /** The clock lease times are read from; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** 0 to {@value #MAX_BUSY_RETRIES_LIMIT}; default {@value #DEFAULT_MAX_BUSY_RETRIES}. */
        public Builder maxBusyRetries(int maxBusyRetries) {
            this.maxBusyRetries = maxBusyRetries;
            return this;
        }

        /**
         * The options, validated.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public SqliteOptions build() {
            if (busyTimeout.isNegative() || busyTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("SqliteOptions.busyTimeout must be at least 1 ms; got " + busyTimeout);
            }
            if (busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("SqliteOptions.busyTimeout must be at most " + Integer.MAX_VALUE
                        + " ms (about 24 days); got " + busyTimeout);
            }
            if (maxBusyRetries < 0 || maxBusyRetries > MAX_BUSY_RETRIES_LIMIT) {
                throw new IllegalArgumentException("SqliteOptions.maxBusyRetries must be 0 to " + MAX_BUSY_RETRIES_LIMIT
                        + "; got " + maxBusyRetries);
            }
            return new SqliteOptions(this);
        }
    }
}
