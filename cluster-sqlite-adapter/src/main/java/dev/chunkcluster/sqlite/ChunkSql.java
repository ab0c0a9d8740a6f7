package dev.chunkcluster.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every statement the store runs, read from the statements file that jOOQ rendered at build time
 * ({@value #SQLITE_RESOURCE}; the DSL that writes it is {@link ChunkSqlDsl}, and a test fails when the two
 * differ). Reading a few kilobytes of text takes a millisecond; initialising jOOQ to render them took a
 * worker process about half a second of its start.
 *
 * <p>The file's format is {@link StatementsFile}'s.
 */
final class ChunkSql {

    /** The SQLite statements, on the class path. */
    static final String SQLITE_RESOURCE = "statements-sqlite.sql";

    static final ChunkSql SQLITE = load(SQLITE_RESOURCE);

    // SQLite's: IMMEDIATE takes the write lock before the first read, which is what makes a claim atomic.
    final RenderedSql beginImmediate = RenderedSql.plain("begin immediate", "BEGIN IMMEDIATE");
    final RenderedSql beginRead = RenderedSql.plain("begin", "BEGIN");
    final RenderedSql commit = RenderedSql.plain("commit", "COMMIT");
    final RenderedSql rollback = RenderedSql.plain("rollback", "ROLLBACK");

    final RenderedSql explorationByName;
    final RenderedSql desiredStateByName;
    final RenderedSql insertExploration;
    final RenderedSql insertChunks;
    final RenderedSql setDesiredState;
    final RenderedSql claim;
    final RenderedSql renew;
    final RenderedSql complete;
    final RenderedSql fail;
    final RenderedSql release;
    final RenderedSql resetRunning;
    final RenderedSql countPending;
    final RenderedSql expireToFailed;
    final RenderedSql expireToPending;
    final RenderedSql retryFailed;
    final RenderedSql countInStatus;
    final RenderedSql completedAtIndex;
    final RenderedSql runningProgress;
    final RenderedSql chunksOf;
    final RenderedSql chunkById;

    private ChunkSql(String source, Map<String, RenderedSql> statements) {
        Map<String, RenderedSql> left = new LinkedHashMap<>(statements);
        Lookup take = name -> {
            RenderedSql statement = left.remove(name);
            if (statement == null) {
                throw new IllegalStateException("the statements file " + source + " has no statement '" + name
                        + "'; it does not belong to this build of the SQLite adapter");
            }
            return statement;
        };
        explorationByName = take.get("explorationByName");
        desiredStateByName = take.get("desiredStateByName");
        insertExploration = take.get("insertExploration");
        insertChunks = take.get("insertChunks");
        setDesiredState = take.get("setDesiredState");
        claim = take.get("claim");
        renew = take.get("renew");
        complete = take.get("complete");
        fail = take.get("fail");
        release = take.get("release");
        resetRunning = take.get("resetRunning");
        countPending = take.get("countPending");
        expireToFailed = take.get("expireToFailed");
        expireToPending = take.get("expireToPending");
        retryFailed = take.get("retryFailed");
        countInStatus = take.get("countInStatus");
        completedAtIndex = take.get("completedAtIndex");
        runningProgress = take.get("runningProgress");
        chunksOf = take.get("chunksOf");
        chunkById = take.get("chunkById");
        if (!left.isEmpty()) {
            throw new IllegalStateException("the statements file " + source + " has statements this build of the "
                    + "SQLite adapter does not know: " + left.keySet());
        }
    }

    @FunctionalInterface
    private interface Lookup {
        RenderedSql get(String name);
    }

    /**
     * The store's statements from {@code statements}, which must hold every one of them and nothing else.
     *
     * @param source where they come from, for errors
     */
    static ChunkSql of(String source, Map<String, RenderedSql> statements) {
        return new ChunkSql(source, statements);
    }

    /** Reads the statements file {@code resource} next to this class. */
    static ChunkSql load(String resource) {
        return of(resource, StatementsFile.read(resource));
    }
}
