package dev.chunkcluster.examples.faults;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.examples.store.DbLocation;
import dev.chunkcluster.examples.store.DbLocation.OpenedStore;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Where a trial keeps its exploration: a fresh SQLite file in the trial's directory, or a fresh database on the test
 * PostgreSQL server. The nodes run in the trial's directory and find the store from their {@code --db} alone.
 *
 * @param location       what the nodes get as {@code --db}
 * @param stateDirectory the process registry, as the nodes find it
 * @param opener         opens a store on it in the test's JVM
 */
record TrialDatabase(DbLocation location, Path stateDirectory, Supplier<OpenedStore> opener) {

    boolean isSqlite() {
        return !location.isPostgres();
    }

    /** The SQLite file; only for a SQLite trial. */
    Path file() {
        return location.file();
    }

    OpenedStore open() {
        return opener.get();
    }

    static TrialDatabase sqlite(Path dir) {
        DbLocation location = DbLocation.of(dir.resolve("exploration.db"));
        return new TrialDatabase(location, location.stateDirectory(dir),
                () -> location.open(OpenMode.CREATE_IF_ABSENT));
    }

    /** A new database on {@code server}; the nodes get its password in the state directory's mode-600 file. */
    static TrialDatabase postgres(PostgresServer server, Path dir) {
        String database = server.createDatabase("trial");
        DbLocation location = DbLocation.parse(server.jdbcUrl(database) + "?user=" + PostgresServer.USER);
        Path state = location.stateDirectory(dir);
        try {
            Files.createDirectories(state);
            Files.writeString(Files.createFile(state.resolve(DbLocation.PASSWORD_FILE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    PostgresServer.PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TrialDatabase(location, state, () -> {
            HikariDataSource pool = server.pool(database, 4);
            PostgresChunkStore store = PostgresChunkStore.open(pool);
            return new OpenedStore(store, () -> {
                store.close();
                pool.close();
            });
        });
    }
}
