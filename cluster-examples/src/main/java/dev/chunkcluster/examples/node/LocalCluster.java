package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.NodeRegistry;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.jdbc.JdbcChunkStore;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The demo's cluster on this machine: the store at {@code --db} (a SQLite file or a PostgreSQL database), and the
 * process controller whose registry lives in the database's state directory ({@link DbLocation#stateDirectory()}),
 * so every command that names the same database sees the same processes. Each is opened when first asked for;
 * {@link #store()} throws when the store cannot be opened, which lets Stop stop the processes of a database it cannot
 * open.
 *
 * <p>Only {@link #open} (init, explore) and {@link #openExisting} (start) may write ChunkCluster's schema, and only
 * into a new or empty database; the commands that only read or control an exploration open an existing store only
 * ({@link OpenMode#EXISTING_ONLY}), so another program's file is refused and left unchanged.
 */
public final class LocalCluster implements AutoCloseable {

    /** The name of the demo's exploration in its database. */
    public static final String EXPLORATION = Sweep.NAME;

    private final DbLocation database;
    /** Whether {@link #store()} may create a missing database file. */
    private final boolean createFile;
    /** Whether {@link #store()} may write the schema into a new or empty database. */
    private final OpenMode mode;
    private OpenedStore store;
    private LocalProcessController processes;

    private LocalCluster(DbLocation database, boolean createFile, OpenMode mode) {
        this.database = database;
        this.createFile = createFile;
        this.mode = mode;
    }

    /**
     * Opens the store at {@code database} (creating a missing file, and the schema in a new or empty database) and
     * the process controller of its state directory.
     */
    public static LocalCluster open(DbLocation database) {
        return open(checkNotDirectory(database), true, OpenMode.CREATE_IF_ABSENT);
    }

    /**
     * Like {@link #open(DbLocation)}, but only for a database that exists: commands that control an exploration must
     * not create an empty file because of a typo.
     */
    public static LocalCluster openExisting(DbLocation database) {
        return open(checkExists(checkNotDirectory(database)), false, OpenMode.CREATE_IF_ABSENT);
    }

    /**
     * Like {@link #openExisting}, but only for a database that already holds ChunkCluster's schema: commands that only
     * read or control an exploration never write a schema into a file, and leave another program's file unchanged.
     */
    public static LocalCluster openInitialized(DbLocation database) {
        return open(checkExists(checkNotDirectory(database)), false, OpenMode.EXISTING_ONLY);
    }

    private static LocalCluster open(DbLocation database, boolean createFile, OpenMode mode) {
        LocalCluster cluster = new LocalCluster(database, createFile, mode);
        try {
            cluster.store();
            cluster.controller();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The cluster of {@code database} without opening anything yet: for Stop, which stops the processes even when
     * the store cannot be opened. The store, when it opens, is opened as {@link #openInitialized} opens it. Refuses a
     * database file that is missing without a registry beside it.
     */
    public static LocalCluster forStopping(DbLocation database) {
        checkNotDirectory(database);
        if (!Files.isDirectory(database.stateDirectory())) {
            checkExists(database);
        }
        return new LocalCluster(database, false, OpenMode.EXISTING_ONLY);
    }

    private static DbLocation checkNotDirectory(DbLocation database) {
        Objects.requireNonNull(database, "database");
        if (!database.isPostgres() && Files.isDirectory(database.file())) {
            throw new ChunkClusterException("--db " + database + " is a directory; give the path of a database file"
                    + " inside it, for example " + database.file().resolve("exploration.db"));
        }
        return database;
    }

    private static DbLocation checkExists(DbLocation database) {
        if (!database.isPostgres() && !Files.exists(database.file())) {
            throw new ChunkClusterException("no database at " + database + "; run `init` or `explore` first, or point"
                    + " --db at the file they created");
        }
        return database;
    }

    public DbLocation database() {
        return database;
    }

    /** The store, opened on the first call; throws what opening it threw. */
    public synchronized ChunkStore store() {
        if (store == null) {
            if (!createFile) {
                checkExists(database);
            }
            store = database.open(mode);
        }
        return store.store();
    }

    /** The registry of the cluster's nodes, in the same database as {@link #store()}. */
    public NodeRegistry nodes() {
        if (store() instanceof JdbcChunkStore jdbc) {
            return jdbc.nodes();
        }
        throw new IllegalStateException("the store of " + database + " keeps no node rows");
    }

    /**
     * The process controller. The real one (with its registry directory) is created on first use, so a registry this
     * user may not use fails the operation that needs it: Stop then still runs its database step and reports both.
     */
    public ProcessController processes() {
        return onFirstUse;
    }

    private final ProcessController onFirstUse = new ProcessController() {
        @Override
        public TrackedProcess launch(LaunchSpec spec) {
            return controller().launch(spec);
        }

        @Override
        public List<TrackedProcess> listLive(String group) {
            return controller().listLive(group);
        }

        @Override
        public List<ProcessStopOutcome> stopAll(String group, Duration grace) {
            return controller().stopAll(group, grace);
        }

        @Override
        public <T> T exclusively(String group, Supplier<T> action) {
            return controller().exclusively(group, action);
        }
    };

    private synchronized LocalProcessController controller() {
        if (processes == null) {
            processes = LocalProcessController.create(ProcessOptions.builder(database.stateDirectory()).build());
        }
        return processes;
    }

    /** The coordinator's launch, with the exploration's recorded years ({@link SweepYears}). */
    public LaunchSpec coordinatorLaunch(NodeSettings settings) {
        return NodeLaunch.coordinator(database, EXPLORATION, settings, SweepYears.recorded(database));
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
    }
}
