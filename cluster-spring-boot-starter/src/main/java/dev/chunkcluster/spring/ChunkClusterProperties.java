package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.policy.StopPolicy;
import dev.chunkcluster.core.policy.Supervisor;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.postgres.PostgresOptions;
import dev.chunkcluster.sqlite.SqliteOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every knob of the starter, under {@code chunkcluster}. The defaults are the library's own named constants.
 */
@ConfigurationProperties(prefix = ChunkClusterProperties.PREFIX)
public class ChunkClusterProperties {

    /** The prefix of every property of the starter. */
    public static final String PREFIX = "chunkcluster";

    /** Name of the exploration this application works on. Required. */
    private @Nullable String exploration;

    private final Sqlite sqlite = new Sqlite();
    private final Postgres postgres = new Postgres();
    private final Create create = new Create();
    private final Worker worker = new Worker();
    private final Stop stop = new Stop();
    private final HealthCheck healthCheck = new HealthCheck();

    /** The exploration's name, or null when not set. */
    public @Nullable String getExploration() {
        return exploration;
    }

    /** Sets the exploration's name. */
    public void setExploration(@Nullable String exploration) {
        this.exploration = exploration;
    }

    /** The SQLite store. */
    public Sqlite getSqlite() {
        return sqlite;
    }

    /** The PostgreSQL store. */
    public Postgres getPostgres() {
        return postgres;
    }

    /** Creating the exploration at start-up. */
    public Create getCreate() {
        return create;
    }

    /** The worker that runs the application's handler. */
    public Worker getWorker() {
        return worker;
    }

    /** The health check on leases that runs in the application. */
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    /** Stop. */
    public Stop getStop() {
        return stop;
    }

    /** The SQLite store, used unless the application declares a {@code ChunkStore} bean. */
    public static class Sqlite {

        /** The SQLite database file, created if missing (its directory must exist). */
        private @Nullable Path path;

        /** How long a write waits for other writers before it fails. */
        private Duration busyTimeout = SqliteOptions.DEFAULT_BUSY_TIMEOUT;

        /** The database file, or null when not set. */
        public @Nullable Path getPath() {
            return path;
        }

        /** Sets the database file. */
        public void setPath(@Nullable Path path) {
            this.path = path;
        }

        /** The busy timeout. */
        public Duration getBusyTimeout() {
            return busyTimeout;
        }

        /** Sets the busy timeout. */
        public void setBusyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
        }
    }

    /**
     * The PostgreSQL store on the application's {@code DataSource}, used when {@code cluster-postgres-adapter} is on
     * the class path, a DataSource bean exists and no SQLite path is set.
     */
    public static class Postgres {

        /** The schema that holds the store's tables; it must exist. */
        private String schema = PostgresOptions.DEFAULT_SCHEMA;

        /** The schema. */
        public String getSchema() {
            return schema;
        }

        /** Sets the schema. */
        public void setSchema(String schema) {
            this.schema = schema;
        }
    }

    /** Creates the exploration at start-up when {@code combinations} is set; an existing one is kept as it is. */
    public static class Create {

        /** Combinations to explore; the exploration is created only when this is set. */
        private @Nullable Long combinations;

        /** Combinations per chunk. */
        private long chunkSize = 1000;

        /** Failures after which a chunk is marked failed. */
        private int maxFailures = ExplorationSpec.DEFAULT_MAX_FAILURES;

        /** The combinations, or null when the exploration is not created here. */
        public @Nullable Long getCombinations() {
            return combinations;
        }

        /** Sets the combinations. */
        public void setCombinations(@Nullable Long combinations) {
            this.combinations = combinations;
        }

        /** The chunk size. */
        public long getChunkSize() {
            return chunkSize;
        }

        /** Sets the chunk size. */
        public void setChunkSize(long chunkSize) {
            this.chunkSize = chunkSize;
        }

        /** The max failures. */
        public int getMaxFailures() {
            return maxFailures;
        }

        /** Sets the max failures. */
        public void setMaxFailures(int maxFailures) {
            this.maxFailures = maxFailures;
        }
    }

    /** The worker that runs the application's {@code ChunkHandler} bean. */
    public static class Worker {

        /** Whether to run a worker when the application declares a ChunkHandler bean. */
        private boolean enabled = true;

        /** The worker's id in the store and the logs; by default the host name and the process id. */
        private @Nullable String id;

        /** How long a claim stays valid without renewal; renewed every third of it. At least 300 ms. */
        private Duration lease = WorkerLoop.DEFAULT_LEASE;

        /** How long the application's shutdown waits for the handler to end after the chunk in hand was released. */
        private Duration shutdownWait = Duration.ofSeconds(10);

        /** Whether the worker runs. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the worker runs. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The worker id, or null for the default. */
        public @Nullable String getId() {
            return id;
        }

        /** Sets the worker id. */
        public void setId(@Nullable String id) {
            this.id = id;
        }

        /** The lease. */
        public Duration getLease() {
            return lease;
        }

        /** Sets the lease. */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /** The shutdown wait. */
        public Duration getShutdownWait() {
            return shutdownWait;
        }

        /** Sets the shutdown wait. */
        public void setShutdownWait(Duration shutdownWait) {
            this.shutdownWait = shutdownWait;
        }
    }

    /** Stop through the Actuator endpoint. */
    public static class Stop {

        /** How long this application's worker gets to end after Stop reset its chunk. */
        private Duration grace = StopPolicy.DEFAULT_GRACE;

        /** The grace period. */
        public Duration getGrace() {
            return grace;
        }

        /** Sets the grace period. */
        public void setGrace(Duration grace) {
            this.grace = grace;
        }
    }

    /** The health check on leases: chunks whose lease ran out go back to pending so that live workers claim them. */
    public static class HealthCheck {

        /** Whether this application runs the health check on leases. */
        private boolean enabled = true;

        /** How long between two health checks. */
        private Duration interval = Supervisor.DEFAULT_HEALTH_CHECK_INTERVAL;

        /** Whether the health check runs. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the health check runs. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The interval. */
        public Duration getInterval() {
            return interval;
        }

        /** Sets the interval. */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }
}
