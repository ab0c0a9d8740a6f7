package dev.chunkcluster.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements file: a header of comment lines, then one block per statement, separated by blank lines: a
 * {@code -- name:} line, a {@code -- params:} line (the named parameters in placeholder order, as jOOQ rendered
 * them) and the SQL, ending with a semicolon. {@link ChunkSqlDsl} writes it when the library is built.
 */
final class StatementsFile {

    private static final String NAME = "-- name:";
    private static final String PARAMS = "-- params:";

    private StatementsFile() {
    }

    /** The statements of the file {@code resource} beside {@link ChunkStatements}, by name, in file order. */
    static Map<String, SqlStatement> read(String resource) {
        try (InputStream in = ChunkStatements.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the statements file " + resource + " is missing from the class "
                        + "path beside " + ChunkStatements.class.getName() + "; the cluster-jdbc jar is incomplete");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the statements file " + resource, e);
        }
    }

    /** The statements of a statements file, by name, in file order. */
    static Map<String, SqlStatement> parse(String source, String text) {
        Map<String, SqlStatement> statements = new LinkedHashMap<>();
        String name = null;
        List<String> params = null;
        StringBuilder sql = new StringBuilder();
        for (String line : (text + "\n").split("\r?\n", -1)) {
            if (line.startsWith(NAME)) {
                name = line.substring(NAME.length()).strip();
            } else if (line.startsWith(PARAMS)) {
                String list = line.substring(PARAMS.length()).strip();
                params = list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(String::strip).toList();
            } else if (line.isBlank()) {
                if (name != null) {
                    statements.put(name, statement(source, name, params, sql.toString()));
                }
                name = null;
                params = null;
                sql.setLength(0);
            } else if (name != null && !line.startsWith("--")) {
                sql.append(sql.length() == 0 ? "" : "\n").append(line);
            }
        }
        return statements;
    }

    private static SqlStatement statement(String source, String name, List<String> params, String sql) {
        String text = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        long placeholders = text.chars().filter(c -> c == '?').count();
        if (params == null || text.isBlank() || placeholders != params.size()) {
            throw new IllegalStateException("the statements file " + source + " is damaged at statement '" + name
                    + "': " + (params == null ? "no params line" : placeholders + " placeholders for parameters "
                    + params) + (text.isBlank() ? ", no SQL" : ""));
        }
        return new SqlStatement(name, text, new ArrayList<>(params));
    }

    /**
     * The file for {@code header} (its lines, without comment marks) and {@code statements}: what {@link #parse}
     * reads back.
     */
    static String format(String header, List<SqlStatement> statements) {
        StringBuilder file = new StringBuilder();
        for (String line : header.split("\n")) {
            file.append(line.isEmpty() ? "--" : "-- " + line).append('\n');
        }
        for (SqlStatement statement : statements) {
            file.append('\n')
                    .append(NAME).append(' ').append(statement.name()).append('\n')
                    .append(PARAMS).append(statement.params().isEmpty() ? "" : " " + String.join(", ",
                            statement.params())).append('\n')
                    .append(statement.sql()).append(";\n");
        }
        return file.toString();
    }
}
