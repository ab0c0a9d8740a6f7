package dev.chunkcluster.sqlite;

import org.jooq.DSLContext;
import org.jooq.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement rendered once by jOOQ, with {@code ?} placeholders whose order is checked against the names the caller
 * binds by position. Rendering once keeps jOOQ out of the hot path: executing is plain JDBC on a cached
 * prepared statement.
 *
 * @param name   a short name for logs and errors
 * @param sql    the SQL with {@code ?} placeholders
 * @param params the named parameters in placeholder order
 */
record RenderedSql(String name, String sql, List<String> params) {

    private static final Pattern NAMED_PARAM = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");

    RenderedSql {
        params = List.copyOf(params);
    }

    /**
     * Renders {@code query} and checks that its parameters appear exactly in the order {@code expected}.
     *
     * @throws IllegalStateException when they do not: binding by position would be wrong
     */
    static RenderedSql render(DSLContext dsl, String name, Query query, String... expected) {
        String sql = dsl.render(query);
        List<String> found = new ArrayList<>();
        Matcher matcher = NAMED_PARAM.matcher(dsl.renderNamedParams(query));
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (!found.equals(List.of(expected)) || placeholders != found.size()) {
            throw new IllegalStateException("statement " + name + " binds " + found + " (" + placeholders
                    + " placeholders), but its callers bind " + List.of(expected) + ": " + sql);
        }
        return new RenderedSql(name, sql, found);
    }

    /** A statement that takes no parameters, such as {@code BEGIN IMMEDIATE}. */
    static RenderedSql plain(String name, String sql) {
        return new RenderedSql(name, sql, List.of());
    }
}
