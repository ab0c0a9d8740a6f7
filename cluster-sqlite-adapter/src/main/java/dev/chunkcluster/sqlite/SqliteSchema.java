package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.jdbc.JdbcRunner;
import dev.chunkcluster.jdbc.JdbcRunner.Tx;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.jdbc.SchemaScripts;
import dev.chunkcluster.jdbc.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SQLite schema: its versions ({@code schema-vN.sql} beside this class, the version kept in
 * {@code PRAGMA user_version}), and what opening a file does with them. A file is ChunkCluster's when its
 * {@code user_version} is one this library knows and it has ChunkCluster's tables; a new or empty file may receive the
 * schema; anything else is refused before a byte is written.
 */
final class SqliteSchema {

    /** The newest schema version this library writes and reads. */
    static final int LATEST_VERSION = 2;

    static final SchemaScripts SCRIPTS = new SchemaScripts(SqliteSchema.class, LATEST_VERSION);

    private static final Logger log = LoggerFactory.getLogger(SqliteSchema.class);

    private final Path path;
    private final JdbcRunner runner;
    private final OpenMode mode;

    SqliteSchema(Path path, JdbcRunner runner, OpenMode mode) {
        this.path = path;
        this.runner = runner;
        this.mode = mode;
    }

    /** Refuses what is not ours, switches to WAL and migrates; returns the version the file had. */
    int prepare() {
        // One read transaction, so that a process migrating the file at the same moment is seen either not at all
        // or complete: its new tables are never mistaken for another program's.
        int found = runner.run(Tx.READ, () -> "read schema version", this::knownVersion);
        runner.run(Tx.NONE, () -> "switch to WAL", session -> {
            String journal = pragma(session, "PRAGMA journal_mode");
            if (!"wal".equalsIgnoreCase(journal)) {
                journal = pragma(session, "PRAGMA journal_mode=WAL");
                if (!"wal".equalsIgnoreCase(journal)) {
                    log.warn("SQLite chunk store {}: the file system refused WAL, journal_mode stays {}; readers "
                            + "will wait for writers", path, journal);
                }
            }
            return journal;
        });
        if (found == LATEST_VERSION) {
            return found;
        }
        int migratedFrom = runner.run(Tx.WRITE, () -> "migrate schema", session -> {
            int version = knownVersion(session);
            SCRIPTS.migrate(session, version, (s, next) -> {
                try (Statement statement = s.connection().createStatement()) {
                    statement.executeUpdate("PRAGMA user_version = " + next);
                }
            });
            return version;
        });
        if (migratedFrom < LATEST_VERSION) {
            log.info("SQLite chunk store {}: schema migrated from v{} to v{}", path, migratedFrom, LATEST_VERSION);
        }
        return migratedFrom;
    }

    /**
     * The file's schema version; refused when it is newer than this library, when the file is another program's, or,
     * in {@link OpenMode#EXISTING_ONLY}, when it holds no current ChunkCluster schema.
     */
    private int knownVersion(Session session) throws SQLException {
        int version = Integer.parseInt(pragma(session, "PRAGMA user_version"));
        List<String> tables = tables(session);
        boolean ours = tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList()
                .containsAll(SchemaScripts.TABLES);
        if (version > LATEST_VERSION && ours) {
            throw new IncompatibleStoreException("SQLite database " + path + " has schema version " + version
                    + ", newer than version " + LATEST_VERSION + " that this ChunkCluster library knows: a newer "
                    + "ChunkCluster wrote it. Nothing was changed. Use a ChunkCluster release that knows schema "
                    + "version " + version + ", or give this one another database path");
        }
        if (version == 0 ? !tables.isEmpty() : !ours || version > LATEST_VERSION) {
            throw new IncompatibleStoreException("SQLite database " + path + " is not a ChunkCluster database: it has "
                    + describe(tables) + " and PRAGMA user_version " + version + ", so another program made it "
                    + "(ChunkCluster's have the tables " + String.join(" and ", SchemaScripts.TABLES) + " and a "
                    + "user_version from 1 to " + LATEST_VERSION + "). ChunkCluster will not change it; nothing was "
                    + "changed. Give ChunkCluster its own database file");
        }
        if (mode == OpenMode.EXISTING_ONLY && version < LATEST_VERSION) {
            throw new IncompatibleStoreException("SQLite database " + path + (version == 0
                    ? " holds no ChunkCluster database (the file is empty)"
                    : " has the older ChunkCluster schema version " + version) + ", and this command does not "
                    + "create or migrate one; nothing was changed. Run `init`, `explore` or `start` on it first, or "
                    + "point --db at the database they made");
        }
        return version;
    }

    private static String describe(List<String> tables) {
        if (tables.isEmpty()) {
            return "no tables";
        }
        return (tables.size() == 1 ? "a table " : "the tables ")
                + tables.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
    }

    private static List<String> tables(Session session) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = session.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static String pragma(Session session, String pragma) throws SQLException {
        try (Statement statement = session.connection().createStatement();
             ResultSet rs = statement.executeQuery(pragma)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
