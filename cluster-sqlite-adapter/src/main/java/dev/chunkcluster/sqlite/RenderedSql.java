package dev.chunkcluster.sqlite;

import java.util.List;

/**
 * A statement as the store runs it: SQL with {@code ?} placeholders, and the names of the parameters in placeholder
 * order, which the store binds by position on a cached prepared statement.
 *
 * @param name   the statement's name in the statements file, for logs and errors
 * @param sql    the SQL with {@code ?} placeholders
 * @param params the named parameters in placeholder order
 */
record RenderedSql(String name, String sql, List<String> params) {

    RenderedSql {
        params = List.copyOf(params);
    }

    /** A statement that takes no parameters, such as {@code BEGIN IMMEDIATE}. */
    static RenderedSql plain(String name, String sql) {
        return new RenderedSql(name, sql, List.of());
    }
}
