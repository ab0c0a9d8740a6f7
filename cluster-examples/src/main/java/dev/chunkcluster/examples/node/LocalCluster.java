package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.examples.backtest.Sweep;
import dev.chunkcluster.process.LocalProcessController;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.process.ProcessOptions;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import dev.chunkcluster.sqlite.SqliteOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The demo's cluster on this machine: the SQLite store at a path, and the process controller whose registry lives
 * beside it ({@link ProcessOptions#stateDirectoryFor(Path)}), so every command that names the same database sees the
 * same processes.
 */
public final class LocalCluster implements AutoCloseable {

    /** The name of the demo's exploration in its database. */
    public static final String EXPLORATION = Sweep.NAME;

    private final Path database;
    private final SqliteChunkStore store;
    private final LocalProcessController processes;

    private LocalCluster(Path database, SqliteChunkStore store, LocalProcessController processes) {
        this.database = database;
        this.store = store;
        this.processes = processes;
    }

    /**
     * Opens the store at {@code database} (creating the file if it is missing) and the process controller beside it.
     *
     * @param grace how long a process gets between SIGTERM and SIGKILL on Stop
     */
    public static LocalCluster open(Path database, Duration grace) {
        return open(database, grace, OpenMode.CREATE_IF_ABSENT);
    }

    private static LocalCluster open(Path database, Duration grace, OpenMode mode) {
        Objects.requireNonNull(database, "database");
        Path absolute = database.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new ChunkClusterException("--db " + database + " is a directory; give the path of a database file"
                    + " inside it, for example " + absolute.resolve("exploration.db"));
        }
        SqliteChunkStore store = SqliteChunkStore.open(absolute, SqliteOptions.builder().openMode(mode).build());
        try {
            LocalProcessController processes = LocalProcessController.create(
                    ProcessOptions.builder(ProcessOptions.stateDirectoryFor(absolute)).defaultGrace(grace).build());
            return new LocalCluster(absolute, store, processes);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Like {@link #open(Path, Duration)}, but only for a database that exists: commands that read or control an
     * exploration must not create an empty file because of a typo.
     */
    public static LocalCluster openExisting(Path database, Duration grace) {
        return open(requireExists(database), grace, OpenMode.CREATE_IF_ABSENT);
    }

    /**
     * Like {@link #openExisting}, but only for a database that already holds ChunkCluster's schema: commands that only
     * read or control an exploration never write a schema into a file, and leave another program's file unchanged.
     */
    public static LocalCluster openInitialized(Path database, Duration grace) {
        return open(requireExists(database), grace, OpenMode.EXISTING_ONLY);
    }

    private static Path requireExists(Path database) {
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

    public ChunkStore store() {
        return store;
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
