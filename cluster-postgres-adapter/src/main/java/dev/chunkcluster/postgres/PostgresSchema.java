package dev.chunkcluster.postgres;

import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.error.ReadOnlyStoreException;
import dev.chunkcluster.core.error.StoreUnavailableException;
import dev.chunkcluster.jdbc.JdbcRunner;
import dev.chunkcluster.jdbc.JdbcRunner.Tx;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.jdbc.SchemaScripts;
import dev.chunkcluster.jdbc.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL schema: its versions ({@code schema-vN.sql} beside this class, each of which also records its
 * version in the table {@value #VERSION_TABLE}), and what opening does with them. The scripts are plain DDL without a
 * schema name, so users may apply them with their own migration tool in the schema of their choice.
 */
final class PostgresSchema {

    /** The newest schema version this library writes and reads. */
    static final int LATEST_VERSION = 2;

    static final String VERSION_TABLE = "chunkcluster_version";

    static final SchemaScripts SCRIPTS = new SchemaScripts(PostgresSchema.class, LATEST_VERSION);

    private static final Logger log = LoggerFactory.getLogger(PostgresSchema.class);

    private final String server;
    private final String schema;
    private final JdbcRunner runner;
    private final OpenMode mode;

    PostgresSchema(String server, String schema, JdbcRunner runner, OpenMode mode) {
        this.server = server;
        this.schema = schema;
        this.runner = runner;
        this.mode = mode;
    }

    /** Refuses what is not ours and creates or migrates the tables; returns the version the schema had. */
    int prepare() {
        int found = runner.run(Tx.NONE, () -> "read the schema version", session -> {
            requirePrivilege(session, "USAGE");
            return knownVersion(session);
        });
        if (found == LATEST_VERSION) {
            return found;
        }
        runner.run(Tx.NONE, () -> "check the privilege to create tables", session -> {
            requirePrivilege(session, "CREATE");
            return null;
        });
        int migratedFrom = runner.run(Tx.WRITE, () -> "create or migrate the tables", session -> {
            try (Statement statement = session.connection().createStatement()) {
                // Stores opening the same new schema at once migrate it one after the other.
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('chunkcluster ' || '" + schema + "'))");
                statement.execute("SET LOCAL search_path TO \"" + schema + "\"");
            }
            int version = knownVersion(session);
            SCRIPTS.migrate(session, version, (s, next) -> { });
            return version;
        });
        if (migratedFrom < LATEST_VERSION) {
            log.info("PostgreSQL chunk store {} schema {}: {} to version {}", server, schema,
                    migratedFrom == 0 ? "created the tables" : "migrated from version " + migratedFrom,
                    LATEST_VERSION);
        }
        return migratedFrom;
    }

    /** The schema version; refused when newer than this library, when the tables are another program's, or when
     * this mode may not create or migrate them. */
    private int knownVersion(Session session) throws SQLException {
        List<String> tables = tables(session);
        if (!tables.contains(VERSION_TABLE)) {
            List<String> clashing = tables.stream().filter(SchemaScripts.TABLES::contains).toList();
            if (!clashing.isEmpty()) {
                throw new IncompatibleStoreException(server + " schema " + schema + " already has the table(s) "
                        + clashing + " but no " + VERSION_TABLE + " table: another program made them, and ChunkCluster "
                        + "will not change them. Nothing was changed. Give ChunkCluster its own schema "
                        + "(CREATE SCHEMA chunkcluster, then PostgresOptions.schema(\"chunkcluster\"))");
            }
            if (mode == OpenMode.EXISTING_ONLY) {
                throw new IncompatibleStoreException(server + " schema " + schema + " holds no ChunkCluster tables, "
                        + "and this store may not create them (OpenMode.EXISTING_ONLY); nothing was changed. Apply "
                        + "schema-v1.sql to schema-v" + LATEST_VERSION + ".sql from the cluster-postgres-adapter jar "
                        + "to it in order, or open the store once with "
                        + "OpenMode.CREATE_IF_ABSENT (the CLI's init, explore or start)");
            }
            return 0;
        }
        int version;
        try (Statement statement = session.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT max(version) FROM \"" + schema + "\"." + VERSION_TABLE)) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > LATEST_VERSION) {
            throw new IncompatibleStoreException(server + " schema " + schema + " has ChunkCluster schema version "
                    + version + ", newer than version " + LATEST_VERSION + " that this library knows: a newer "
                    + "ChunkCluster wrote it. Nothing was changed. Use a ChunkCluster release that knows schema "
                    + "version " + version + ", or give this one another schema");
        }
        if (version < LATEST_VERSION && mode == OpenMode.EXISTING_ONLY) {
            throw new IncompatibleStoreException(server + " schema " + schema + " has the older ChunkCluster schema "
                    + "version " + version + ", and this store may not migrate it (OpenMode.EXISTING_ONLY); nothing "
                    + "was changed. Apply schema-v" + LATEST_VERSION + ".sql, or open the store once with "
                    + "OpenMode.CREATE_IF_ABSENT");
        }
        return version;
    }

    private List<String> tables(Session session) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = session.connection().prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        if (tables.isEmpty() && !schemaExists(session)) {
            throw new StoreUnavailableException(server + ": schema '" + schema
                    + "' does not exist. Create it (CREATE SCHEMA " + schema + ") or choose another with "
                    + "PostgresOptions.schema");
        }
        return tables;
    }

    /** A privilege on the schema that the store needs; PostgreSQL would report its lack as a missing schema. */
    private void requirePrivilege(Session session, String privilege) throws SQLException {
        try (PreparedStatement statement = session.connection().prepareStatement(
                "SELECT current_user, has_schema_privilege(?, ?)")) {
            statement.setString(1, schema);
            statement.setString(2, privilege);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(2)) {
                    String user = rs.getString(1);
                    throw new ReadOnlyStoreException(server + ": database user " + user + " lacks the " + privilege
                            + " privilege on schema " + schema + (privilege.equals("CREATE") ? ", which creating the "
                            + "tables needs" : "") + "; nothing was changed. Grant it (GRANT " + privilege
                            + " ON SCHEMA " + schema + " TO " + user + "), or have the schema's owner create the "
                            + "tables (schema-v1.sql) and open the store with OpenMode.EXISTING_ONLY");
                }
            }
        }
    }

    private boolean schemaExists(Session session) throws SQLException {
        try (PreparedStatement statement = session.connection().prepareStatement(
                "SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
