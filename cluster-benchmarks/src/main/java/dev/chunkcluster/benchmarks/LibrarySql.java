package dev.chunkcluster.benchmarks;

import dev.chunkcluster.jdbc.ChunkStatements;
import dev.chunkcluster.jdbc.Dialect;
import dev.chunkcluster.jdbc.SqlStatement;

import java.util.List;

/**
 * The SQL text the SQLite store runs, taken from the library's statements ({@link ChunkStatements}) so that the
 * raw-JDBC side of every benchmark runs exactly the library's statements, never a copy that drifts. The raw side binds
 * by position, so each statement is checked to take its parameters in the order the raw side binds them.
 */
public final class LibrarySql {

    private static final LibrarySql SQLITE = new LibrarySql(ChunkStatements.of(Dialect.SQLITE));

    private final ChunkStatements statements;

    private LibrarySql(ChunkStatements statements) {
        this.statements = statements;
    }

    /** The statements of the SQLite dialect. */
    public static LibrarySql sqlite() {
        return SQLITE;
    }

    /**
     * The SQL of statement {@code name}, checked to bind {@code params} in this order.
     *
     * @throws IllegalStateException when the statement binds other parameters: the raw side would bind wrong values
     */
    public String sql(String name, String... params) {
        SqlStatement statement = statements.named(name);
        if (!statement.params().equals(List.of(params))) {
            throw new IllegalStateException("the library's statement '" + name + "' now binds " + statement.params()
                    + " but the raw-JDBC benchmark binds " + List.of(params) + "; update the raw side: "
                    + statement.sql());
        }
        return statement.sql();
    }
}
