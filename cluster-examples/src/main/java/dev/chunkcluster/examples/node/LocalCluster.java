package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.sqlite.SqliteChunkStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The demo's cluster on this machine: the SQLite store at a path, and the process controller whose registry lives
 * beside it ({@link ProcessOptions#stateDirectoryFor(Path)}), so every command that names the same database sees the
 * same processes. Each is opened when first asked for; {@link #store()} throws when the store cannot be opened, which
 * lets Stop stop the processes of a database it cannot open.
 */
public final class LocalCluster implements AutoCloseable {

    /** The name of the demo's exploration in its database. */
    public static final String EXPLORATION = Sweep.NAME;

    private final Path database;
    /** Whether {@link #store()} may create a missing database file. */
    private final boolean create;
    private SqliteChunkStore store;
    private LocalProcessController processes;

    private LocalCluster(Path database, boolean create) {
        this.database = database;
        this.create = create;
    }

    /** Opens the store at {@code database} (creating a missing file) and the process controller beside it. */
    public static LocalCluster open(Path database) {
        return open(checkNotDirectory(database), true);
    }

    private static LocalCluster open(Path absolute, boolean create) {
        LocalCluster cluster = new LocalCluster(absolute, create);
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
     * Like {@link #open(Path)}, but only for a database that exists: commands that read or control an exploration
     * must not create an empty file because of a typo.
     */
    public static LocalCluster openExisting(Path database) {
        return open(checkExists(checkNotDirectory(database)), false);
    }

    /**
     * The cluster of {@code database} without opening anything yet: for Stop, which stops the processes even when
     * the store cannot be opened. Refuses a database that is missing without a registry beside it.
     */
    public static LocalCluster forStopping(Path database) {
        Path absolute = checkNotDirectory(database);
        if (!Files.isDirectory(ProcessOptions.stateDirectoryFor(absolute))) {
            checkExists(absolute);
        }
        return new LocalCluster(absolute, false);
    }

    private static Path checkNotDirectory(Path database) {
        Objects.requireNonNull(database, "database");
        Path absolute = database.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new ChunkClusterException("--db " + database + " is a directory; give the path of a database file"
                    + " inside it, for example " + absolute.resolve("exploration.db"));
        }
        return absolute;
    }

    private static Path checkExists(Path database) {
        Path absolute = database.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new ChunkClusterException("no database at " + absolute + "; run `init` or `explore` first, or point"
                    + " --db at the file they created");
        }
        return absolute;
    }

    public Path database() {
        return database;
    }

    /** The store, opened on the first call; throws what opening it threw. */
    public synchronized ChunkStore store() {
        if (store == null) {
            if (!create) {
                checkExists(database);
            }
            store = SqliteChunkStore.open(database);
        }
        return store;
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
            processes = LocalProcessController.create(
                    ProcessOptions.builder(ProcessOptions.stateDirectoryFor(database)).build());
        }
        return processes;
    }

    public LaunchSpec coordinatorLaunch(NodeSettings settings) {
        return NodeLaunch.coordinator(database, EXPLORATION, settings);
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
    }
}
