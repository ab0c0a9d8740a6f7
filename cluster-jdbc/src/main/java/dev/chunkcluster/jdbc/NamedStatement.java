package dev.chunkcluster.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A prepared {@link SqlStatement} whose parameters are bound by name: {@code set("worker", worker)} sets every
 * placeholder of that name. Executing it before each of its names is bound fails, so a statement never runs with a
 * value left over from its last use.
 */
public final class NamedStatement implements AutoCloseable {

    private final SqlStatement statement;
    private final PreparedStatement prepared;
    private final List<String> names;
    private final int[][] positions;
    private long bound;

    NamedStatement(SqlStatement statement, PreparedStatement prepared) {
        this.statement = statement;
        this.prepared = prepared;
        this.names = statement.names();
        if (names.size() > Long.SIZE) {
            throw new IllegalArgumentException("statement " + statement.name() + " has more than " + Long.SIZE
                    + " parameter names");
        }
        this.positions = new int[names.size()][];
        for (int n = 0; n < names.size(); n++) {
            String name = names.get(n);
            positions[n] = java.util.stream.IntStream.range(0, statement.params().size())
                    .filter(i -> statement.params().get(i).equals(name)).map(i -> i + 1).toArray();
        }
    }

    public NamedStatement set(String name, String value) throws SQLException {
        for (int position : positions(name)) {
            prepared.setString(position, value);
        }
        return this;
    }

    public NamedStatement set(String name, long value) throws SQLException {
        for (int position : positions(name)) {
            prepared.setLong(position, value);
        }
        return this;
    }

    public NamedStatement set(String name, int value) throws SQLException {
        for (int position : positions(name)) {
            prepared.setInt(position, value);
        }
        return this;
    }

    /** An array of {@code bigint}s; PostgreSQL only. */
    public NamedStatement setArray(String name, long[] values) throws SQLException {
        return setObject(name, values);
    }

    /** An array of {@code integer}s; PostgreSQL only. */
    public NamedStatement setArray(String name, int[] values) throws SQLException {
        return setObject(name, values);
    }

    /** An array of texts; PostgreSQL only. */
    public NamedStatement setArray(String name, String[] values) throws SQLException {
        return setObject(name, values);
    }

    private NamedStatement setObject(String name, Object value) throws SQLException {
        for (int position : positions(name)) {
            prepared.setObject(position, value);
        }
        return this;
    }

    public int executeUpdate() throws SQLException {
        requireBound();
        return prepared.executeUpdate();
    }

    public ResultSet executeQuery() throws SQLException {
        requireBound();
        return prepared.executeQuery();
    }

    public boolean execute() throws SQLException {
        requireBound();
        return prepared.execute();
    }

    /** Adds the bound values as one row of a batch; every parameter is bound again for the next row. */
    public NamedStatement addBatch() throws SQLException {
        requireBound();
        prepared.addBatch();
        return this;
    }

    /** Runs the rows added with {@link #addBatch()} in one round trip; returns the rows changed by each. */
    public int[] executeBatch() throws SQLException {
        return prepared.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        prepared.close();
    }

    private int[] positions(String name) {
        int n = names.indexOf(name);
        if (n < 0) {
            throw new IllegalArgumentException("statement " + statement.name() + " has no parameter '" + name
                    + "'; its parameters are " + names);
        }
        bound |= 1L << n;
        return positions[n];
    }

    private void requireBound() {
        long all = names.size() == Long.SIZE ? -1L : (1L << names.size()) - 1;
        if (bound != all) {
            List<String> missing = names.stream().filter(name -> (bound & (1L << names.indexOf(name))) == 0).toList();
            bound = 0;
            throw new IllegalStateException("statement " + statement.name() + " runs without a value for " + missing);
        }
        bound = 0;
    }
}
