package dev.chunkcluster.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The SQL text the SQLite adapter runs, read from the adapter itself so that the raw-JDBC side of every benchmark runs
 * exactly the library's statements, never a copy that drifts. The adapter keeps its statements package-private (in
 * {@code ChunkSql}, each a {@code RenderedSql} with its parameter names in placeholder order); this class reads them
 * by reflection and checks that the parameter order is the one the raw side binds.
 */
public final class LibrarySql {

    private static final String CHUNK_SQL = "dev.chunkcluster.sqlite.ChunkSql";

    private static final LibrarySql SQLITE = new LibrarySql();

    private final Object chunkSql;

    private LibrarySql() {
        try {
            Class<?> type = Class.forName(CHUNK_SQL);
            Field instance = type.getDeclaredField("SQLITE");
            instance.setAccessible(true);
            this.chunkSql = instance.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the SQLite adapter's statements (" + CHUNK_SQL
                    + ".SQLITE): " + e + ". Update LibrarySql to the adapter's current shape", e);
        }
    }

    /** The statements of the SQLite dialect. */
    public static LibrarySql sqlite() {
        return SQLITE;
    }

    /**
     * The SQL of statement {@code name} (a field of {@code ChunkSql}), checked to bind {@code params} in this order.
     *
     * @throws IllegalStateException when the statement is missing or binds other parameters: the raw side would bind
     *                               wrong values
     */
    public String sql(String name, String... params) {
        Object rendered = rendered(name);
        String sql = (String) call(rendered, "sql", name);
        List<?> found = (List<?>) call(rendered, "params", name);
        if (!found.equals(List.of(params))) {
            throw new IllegalStateException("the adapter's statement '" + name + "' now binds " + found
                    + " but the raw-JDBC benchmark binds " + List.of(params) + "; update the raw side: " + sql);
        }
        return sql;
    }

    /** Whether the adapter has a statement of that name. */
    public boolean has(String name) {
        try {
            chunkSql.getClass().getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private Object rendered(String name) {
        try {
            Field field = chunkSql.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(chunkSql);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the SQLite adapter has no statement '" + name + "' in " + CHUNK_SQL
                    + " any more (" + e + "); update the raw-JDBC benchmark to the adapter's statements", e);
        }
    }

    private static Object call(Object rendered, String accessor, String name) {
        try {
            Method method = rendered.getClass().getDeclaredMethod(accessor);
            method.setAccessible(true);
            return method.invoke(rendered);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + accessor + "() of the adapter's statement '" + name + "' ("
                    + e + "); update LibrarySql to the adapter's current shape", e);
        }
    }
}
