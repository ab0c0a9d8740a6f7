package dev.chunkcluster.jdbc;

/** The SQL dialects the stores speak, each with its statements file and its transaction statements. */
public enum Dialect {

    /**
     * SQLite: a write takes the database's write lock before its first read ({@code BEGIN IMMEDIATE}), so writers run
     * one at a time and never fail half-way for a lock; a deferred read transaction blocks no writer in WAL mode.
     */
    SQLITE("SQLite", "statements-sqlite.sql", "BEGIN IMMEDIATE", "BEGIN"),

    /**
     * PostgreSQL: writes run in READ COMMITTED, with the row locks their statements take; the status read runs in one
     * REPEATABLE READ snapshot, so its counts agree with each other.
     */
    POSTGRES("PostgreSQL", "statements-postgres.sql", "BEGIN ISOLATION LEVEL READ COMMITTED",
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");

    private final String product;
    private final String statementsResource;
    private final SqlStatement beginWrite;
    private final SqlStatement beginRead;

    Dialect(String product, String statementsResource, String beginWrite, String beginRead) {
        this.product = product;
        this.statementsResource = statementsResource;
        this.beginWrite = SqlStatement.plain("begin write", beginWrite);
        this.beginRead = SqlStatement.plain("begin read", beginRead);
    }

    /** The database's name, for messages. */
    public String product() {
        return product;
    }

    /** The statements file beside {@link ChunkStatements} on the class path. */
    String statementsResource() {
        return statementsResource;
    }

    SqlStatement beginWrite() {
        return beginWrite;
    }

    SqlStatement beginRead() {
        return beginRead;
    }
}
