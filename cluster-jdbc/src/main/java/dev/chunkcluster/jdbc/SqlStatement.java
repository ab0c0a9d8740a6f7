package dev.chunkcluster.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement as a store runs it: SQL with {@code ?} placeholders and the names of its parameters in placeholder
 * order, as jOOQ rendered them. Values are bound by name ({@link NamedStatement}), never by a position counted by hand.
 *
 * @param name   the statement's name in the statements file, for logs and errors
 * @param sql    the SQL with {@code ?} placeholders
 * @param params the named parameters in placeholder order; a name may appear more than once
 */
public record SqlStatement(String name, String sql, List<String> params) {

    public SqlStatement {
        params = List.copyOf(params);
    }

    /** A statement that takes no parameters, such as {@code BEGIN IMMEDIATE}. */
    public static SqlStatement plain(String name, String sql) {
        return new SqlStatement(name, sql, List.of());
    }

    /** The distinct parameter names, in the order of their first placeholder. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String param : params) {
            if (!names.contains(param)) {
                names.add(param);
            }
        }
        return names;
    }

    /** This statement with {@code from} replaced by {@code to} in its SQL text. */
    SqlStatement replace(String from, String to) {
        return new SqlStatement(name, sql.replace(from, to), params);
    }
}
