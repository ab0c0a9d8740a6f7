package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.process.ProcessOptions;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;

/**
 * The demo's cluster on this machine: the store at {@code --db} (a SQLite file or a PostgreSQL database), and the
 * process controller whose registry lives in the database's state directory ({@link DbLocation#stateDirectory()}),
 * so every command that names the same database sees the same processes.
 */
public final class LocalCluster implements AutoCloseable {

    /** The name of the demo's exploration in its database. */
    public static final String EXPLORATION = Sweep.NAME;

    private final DbLocation database;
    private final OpenedStore store;
    private final LocalProcessController processes;

    private LocalCluster(DbLocation database, OpenedStore store, LocalProcessController processes) {
        this.database = database;
        this.store = store;
        this.processes = processes;
    }

    /**
     * Opens the store at {@code database} (creating the file if it is missing) and the process controller beside it.
     *
     * @param grace how long a process gets between SIGTERM and SIGKILL on Stop
     */
    public static LocalCluster open(DbLocation database, Duration grace) {
        return open(database, grace, OpenMode.CREATE_IF_ABSENT);
    }

    private static LocalCluster open(DbLocation database, Duration grace, OpenMode mode) {
        Objects.requireNonNull(database, "database");
        if (!database.isPostgres() && Files.isDirectory(database.file())) {
            throw new ChunkClusterException("--db " + database + " is a directory; give the path of a database file"
                    + " inside it, for example " + database.file().resolve("exploration.db"));
        }
        OpenedStore store = database.open(mode);
        try {
            LocalProcessController processes = LocalProcessController.create(
                    ProcessOptions.builder(database.stateDirectory()).build());
            return new LocalCluster(database, store, processes);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Like {@link #open(Path, Duration)}, but only for a database that exists: commands that read or control an
     * exploration must not create an empty file because of a typo.
     */
    public static LocalCluster openExisting(DbLocation database, Duration grace) {
        return open(requireExists(database), grace, OpenMode.CREATE_IF_ABSENT);
    }

    /**
     * Like {@link #openExisting}, but only for a database that already holds ChunkCluster's schema: commands that only
     * read or control an exploration never write a schema into a file, and leave another program's file unchanged.
     */
    public static LocalCluster openInitialized(DbLocation database, Duration grace) {
        return open(requireExists(database), grace, OpenMode.EXISTING_ONLY);
    }

    private static DbLocation requireExists(DbLocation database) {
        if (!database.isPostgres() && !Files.exists(database.file())) {
            throw new ChunkClusterException("no database at " + database + "; run `init` or `explore` first, or point"
                    + " --db at the file they created");
        }
        return database;
    }

    public DbLocation database() {
        return database;
    }

    public ChunkStore store() {
        return store.store();
    }

    public ProcessController processes() {
        return processes;
    }

    public LaunchSpec coordinatorLaunch(NodeSettings settings) {
        return NodeLaunch.coordinator(database, EXPLORATION, settings);
    }

    @Override
    public void close() {
        store.close();
    }
}
