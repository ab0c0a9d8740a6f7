package dev.chunkcluster.jdbc;

import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every statement a store runs in one dialect, read from the statements file that the build rendered with jOOQ
 * ({@link ChunkSqlDsl}). Reading a few kilobytes of text takes a millisecond; initialising jOOQ to render them would
 * cost every worker process about half a second of its start.
 *
 * <p>The file's format is {@link StatementsFile}'s. {@link #named} gives a statement to code outside the stores (the
 * benchmarks run the library's own SQL that way).
 */
public final class ChunkStatements {

    /** The schema of PostgreSQL's tables in the rendered text, replaced when a store opens. */
    static final String SCHEMA_MARKER = "chunkcluster_schema";
    /** The name of PostgreSQL's claim statement with its limit written in, before the limit: claimInOneOf16. */
    static final String CLAIM_IN_ONE_OF = "claimInOneOf";

    private static final ChunkStatements SQLITE = load(Dialect.SQLITE);
    private static final ChunkStatements POSTGRES = load(Dialect.POSTGRES);

    private final Map<String, SqlStatement> all;
    final SqlStatement beginWrite;
    final SqlStatement beginRead;
    final SqlStatement commit = SqlStatement.plain("commit", "COMMIT");
    final SqlStatement rollback = SqlStatement.plain("rollback", "ROLLBACK");

    final SqlStatement explorationByName;
    final SqlStatement desiredStateByName;
    final SqlStatement insertExploration;
    final SqlStatement insertChunks;
    final SqlStatement setDesiredState;
    final SqlStatement claim;
    final SqlStatement renew;
    final SqlStatement complete;
    final SqlStatement fail;
    final SqlStatement release;
    final SqlStatement resetRunning;
    final SqlStatement countPending;
    final SqlStatement expireToFailed;
    final SqlStatement expireToPending;
    final SqlStatement retryFailed;
    final SqlStatement countsByStatus;
    final SqlStatement completedAtIndex;
    final SqlStatement countExpired;
    final SqlStatement chunkPage;
    final SqlStatement chunkPageOfStatus;
    final SqlStatement chunkById;
    final SqlStatement databaseNow;
    /** PostgreSQL only (null on SQLite): a claim, or a completion and a claim, in one autocommitted statement. */
    final @Nullable SqlStatement claimInOne;
    /** PostgreSQL only (empty on SQLite): {@link #claimInOne} with its limit written in, by limit. */
    final Map<Integer, SqlStatement> claimInOneOf;
    final @Nullable SqlStatement completeAndClaimInOne;
    /** PostgreSQL only (null on SQLite): several completions in one autocommitted statement. */
    final @Nullable SqlStatement completeAllInOne;
    /**
     * SQLite only (null on PostgreSQL): the reset of every running chunk, run between the start and the end of a
     * counts move, moves their counts itself in one statement instead of the schema's trigger counting row by row.
     */
    final @Nullable SqlStatement startCountsMove;
    final @Nullable SqlStatement moveRunningCountsToPending;
    final @Nullable SqlStatement endCountsMove;

    final SqlStatement insertNode;
    final SqlStatement lastNodeOf;
    final SqlStatement heartbeatNode;
    final SqlStatement recordNodeStop;
    final SqlStatement nodesOf;
    final SqlStatement pruneSilentNodes;
    final SqlStatement runningChunksByWorker;

    private ChunkStatements(Dialect dialect, String source, Map<String, SqlStatement> statements) {
        this.all = Map.copyOf(statements);
        this.beginWrite = dialect.beginWrite();
        this.beginRead = dialect.beginRead();
        Map<String, SqlStatement> left = new LinkedHashMap<>(statements);
        Lookup take = name -> {
            SqlStatement statement = left.remove(name);
            if (statement == null) {
                throw new IllegalStateException("the statements file " + source + " has no statement '" + name
                        + "'; it does not belong to this build of cluster-jdbc");
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
        countsByStatus = take.get("countsByStatus");
        completedAtIndex = take.get("completedAtIndex");
        countExpired = take.get("countExpired");
        chunkPage = take.get("chunkPage");
        chunkPageOfStatus = take.get("chunkPageOfStatus");
        chunkById = take.get("chunkById");
        databaseNow = take.get("databaseNow");
        insertNode = take.get("insertNode");
        lastNodeOf = take.get("lastNodeOf");
        heartbeatNode = take.get("heartbeatNode");
        recordNodeStop = take.get("recordNodeStop");
        nodesOf = take.get("nodesOf");
        pruneSilentNodes = take.get("pruneSilentNodes");
        runningChunksByWorker = take.get("runningChunksByWorker");
        boolean postgres = dialect == Dialect.POSTGRES;
        claimInOne = postgres ? take.get("claimInOne") : null;
        Map<Integer, SqlStatement> ofLimit = new HashMap<>();
        for (String name : List.copyOf(left.keySet())) {
            if (name.startsWith(CLAIM_IN_ONE_OF)) {
                ofLimit.put(Integer.parseInt(name.substring(CLAIM_IN_ONE_OF.length())), take.get(name));
            }
        }
        claimInOneOf = Map.copyOf(ofLimit);
        completeAndClaimInOne = postgres ? take.get("completeAndClaimInOne") : null;
        completeAllInOne = postgres ? take.get("completeAllInOne") : null;
        startCountsMove = postgres ? null : take.get("startCountsMove");
        moveRunningCountsToPending = postgres ? null : take.get("moveRunningCountsToPending");
        endCountsMove = postgres ? null : take.get("endCountsMove");
        if (!left.isEmpty()) {
            throw new IllegalStateException("the statements file " + source + " has statements this build of "
                    + "cluster-jdbc does not know: " + left.keySet());
        }
    }

    @FunctionalInterface
    private interface Lookup {
        SqlStatement get(String name);
    }

    /** The statements of {@code dialect}. */
    public static ChunkStatements of(Dialect dialect) {
        return dialect == Dialect.SQLITE ? SQLITE : POSTGRES;
    }

    /**
     * The statement {@code name}.
     *
     * @throws IllegalArgumentException when there is none of that name
     */
    public SqlStatement named(String name) {
        SqlStatement statement = all.get(name);
        if (statement == null) {
            throw new IllegalArgumentException("no statement '" + name + "'; the statements are " + all.keySet());
        }
        return statement;
    }

    /** These statements with every table in the PostgreSQL schema {@code schema}. */
    public ChunkStatements inSchema(String schema) {
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\".";
        Map<String, SqlStatement> moved = new LinkedHashMap<>();
        all.forEach((name, statement) -> moved.put(name, statement.replace(SCHEMA_MARKER + ".", quoted)));
        return new ChunkStatements(Dialect.POSTGRES, "schema " + schema, moved);
    }

    /** The statements of {@code statements}, which must hold every one of them and nothing else. */
    static ChunkStatements of(Dialect dialect, String source, Map<String, SqlStatement> statements) {
        return new ChunkStatements(dialect, source, statements);
    }

    static ChunkStatements load(Dialect dialect) {
        String resource = dialect.statementsResource();
        return of(dialect, resource, StatementsFile.read(resource));
    }
}
