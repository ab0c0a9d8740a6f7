package dev.chunkcluster.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema versions a store knows, and the migration from one to the next. Version {@code N} is reached from
 * {@code N-1} by the statements of the resource {@code schema-vN.sql} beside the adapter's anchor class; version 1
 * creates everything. Where the version is kept is the adapter's business ({@link VersionWriter}).
 */
public final class SchemaScripts {

    /** Tables the library creates, with the same names and columns on every database. */
    public static final List<String> TABLES = List.of("explorations", "chunks");

    /** Records that a database has reached a schema version, inside the migration's transaction. */
    @FunctionalInterface
    public interface VersionWriter {
        void write(Session session, int version) throws SQLException;
    }

    private final Class<?> anchor;
    private final int latest;

    /**
     * @param anchor the class beside which the {@code schema-vN.sql} resources lie
     * @param latest the newest version this library writes and reads
     */
    public SchemaScripts(Class<?> anchor, int latest) {
        this.anchor = anchor;
        this.latest = latest;
    }

    public int latest() {
        return latest;
    }

    /** The statements that take a database from {@code version - 1} to {@code version}. */
    public List<String> upgradeTo(int version) {
        if (version < 1 || version > latest) {
            throw new IllegalArgumentException("no schema version " + version + "; this library knows 1 to "
                    + latest);
        }
        String resource = "schema-v" + version + ".sql";
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the library jar");
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource + " from the library jar", e);
        }
    }

    /**
     * Runs every version after {@code from} up to the latest on {@code session}, inside the caller's transaction,
     * recording each version as it is reached.
     */
    public void migrate(Session session, int from, VersionWriter versions) throws SQLException {
        for (int next = from + 1; next <= latest; next++) {
            try (Statement statement = session.connection().createStatement()) {
                for (String ddl : upgradeTo(next)) {
                    statement.executeUpdate(ddl);
                }
            }
            versions.write(session, next);
        }
    }

    /**
     * Splits a script into statements at semicolons, dropping {@code --} comments. A semicolon does not split inside
     * quotes, inside a {@code $$}-quoted PostgreSQL function body, or inside a SQLite trigger's
     * {@code BEGIN ... END}.
     */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean dollarQuoted = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (!quoted && !dollarQuoted && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
                continue;
            }
            if (!dollarQuoted && c == '\'') {
                quoted = !quoted;
            }
            if (!quoted && c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '$') {
                dollarQuoted = !dollarQuoted;
                current.append("$$");
                i++;
                continue;
            }
            if (!quoted && !dollarQuoted && c == ';' && !insideTriggerBody(current)) {
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addIfNotBlank(statements, current);
        return List.copyOf(statements);
    }

    /** Whether {@code statement} is a {@code CREATE TRIGGER ... BEGIN} whose {@code END} has not come yet. */
    private static boolean insideTriggerBody(StringBuilder statement) {
        String text = statement.toString().strip().toUpperCase(java.util.Locale.ROOT);
        return text.startsWith("CREATE TRIGGER") && text.matches("(?s).*\\bBEGIN\\b.*")
                && !text.matches("(?s).*\\bEND");
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
