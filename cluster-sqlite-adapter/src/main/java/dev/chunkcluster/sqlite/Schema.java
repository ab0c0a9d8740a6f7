package dev.chunkcluster.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema versions this library knows. Version {@code N} is reached from {@code N-1} by the statements of the
 * resource {@code schema-vN.sql} beside this class; version 1 creates everything from an empty file. The version is
 * kept in {@code PRAGMA user_version}.
 */
final class Schema {

    /** The newest schema version this library writes and reads. */
    static final int LATEST_VERSION = 1;

    /** Tables this library creates; an unversioned file that has one of them belongs to someone else. */
    static final List<String> TABLES = List.of("explorations", "chunks");

    private Schema() {
    }

    /** The statements that take a database from {@code version - 1} to {@code version}. */
    static List<String> upgradeTo(int version) {
        if (version < 1 || version > LATEST_VERSION) {
            throw new IllegalArgumentException("no schema version " + version + "; this library knows 1 to "
                    + LATEST_VERSION);
        }
        String resource = "schema-v" + version + ".sql";
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the library jar");
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource + " from the library jar", e);
        }
    }

    /** Splits a script into statements at semicolons, dropping {@code --} comments; quotes are respected. */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (!quoted && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
                continue;
            }
            if (c == '\'') {
                quoted = !quoted;
            }
            if (!quoted && c == ';') {
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addIfNotBlank(statements, current);
        return List.copyOf(statements);
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
