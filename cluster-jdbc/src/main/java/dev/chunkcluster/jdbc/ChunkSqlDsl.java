package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import org.jspecify.annotations.Nullable;
import org.jooq.Condition;
import org.jooq.Constants;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.when;

/**
 * Every statement the SQL stores run, written once with jOOQ's DSL and rendered for each {@link Dialect} by the build
 * ({@link #main}, run by Maven after compiling this module) into the statements files that {@link ChunkStatements}
 * reads at run time. The jar holds the rendered files but not this class, so jOOQ never reaches a user's class path.
 *
 * <p>What differs by dialect is chosen here, in one place: PostgreSQL's claim locks its pick with
 * {@code FOR UPDATE SKIP LOCKED}, its read of the desired state takes {@code FOR SHARE} (so a Stop that sets it waits
 * for claims in flight, and a claim after a Stop sees it), and its tables carry the {@link ChunkStatements#SCHEMA_MARKER} that the
 * store replaces with the schema the user chose.
 *
 * <p>The column lists of {@link #CHUNK_COLUMNS} and the claim's {@code RETURNING} are read by name in
 * {@link ChunkRows}.
 *
 * <p>Long because it is the one place every statement is written; it holds no logic besides them.
 */
final class ChunkSqlDsl {

    /**
     * The claim sizes PostgreSQL's claim statement has its limit written in for: one, and the worker loop's claim-ahead
     * sizes; another size binds the limit, and the server plans it on every execution.
     */
    private static final List<Integer> CLAIM_LIMITS_WRITTEN_IN = List.of(1, 2, 4, 8, 16, 32, 64);

    /** PostgreSQL's {@code to_char} format of the stores' timestamps, e.g. 2026-11-29T09:40:00.000Z. */
    private static final String TEXT_TIMESTAMP = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

    private final Table<Record> explorations;
    private static final Field<String> E_NAME = field(name("explorations", "name"), SQLDataType.VARCHAR);
    private static final Field<Long> E_TOTAL = field(name("total_combinations"), SQLDataType.BIGINT);
    private static final Field<Long> E_CHUNK_SIZE = field(name("chunk_size"), SQLDataType.BIGINT);
    private static final Field<Integer> E_MAX_FAILURES = field(name("explorations", "max_failures"),
            SQLDataType.INTEGER);
    private static final Field<String> E_DESIRED = field(name("desired_state"), SQLDataType.VARCHAR);
    private static final Field<String> E_CREATED_AT = field(name("created_at"), SQLDataType.VARCHAR);

    private final Table<Record> chunks;
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> EXPLORATION = field(name("chunks", "exploration"), SQLDataType.VARCHAR);
    private static final Field<Integer> IDX = field(name("idx"), SQLDataType.INTEGER);
    private static final Field<Long> IDX_LONG = field(name("idx"), SQLDataType.BIGINT);
    private static final Field<Long> FIRST = field(name("first_combination"), SQLDataType.BIGINT);
    private static final Field<Long> COUNT = field(name("combination_count"), SQLDataType.BIGINT);
    private static final Field<String> STATUS = field(name("status"), SQLDataType.VARCHAR);
    private static final Field<String> WORKER = field(name("assigned_worker"), SQLDataType.VARCHAR);
    private static final Field<String> STARTED_AT = field(name("started_at"), SQLDataType.VARCHAR);
    private static final Field<Integer> ATTEMPT = field(name("attempt"), SQLDataType.INTEGER);
    private static final Field<String> LEASE_EXPIRES_AT = field(name("lease_expires_at"), SQLDataType.VARCHAR);
    private static final Field<Integer> FAILURES = field(name("failures"), SQLDataType.INTEGER);
    private static final Field<Long> TESTED = field(name("tested"), SQLDataType.BIGINT);
    private static final Field<String> FINISHED_AT = field(name("finished_at"), SQLDataType.VARCHAR);
    private static final Field<String> RESULT = field(name("result"), SQLDataType.VARCHAR);
    private static final Field<String> LAST_ERROR = field(name("last_error"), SQLDataType.VARCHAR);

    private final Table<Record> chunkCounts;
    private static final Field<String> C_EXPLORATION = field(name("chunk_counts", "exploration"), SQLDataType.VARCHAR);
    private static final Field<String> C_STATUS = field(name("chunk_counts", "status"), SQLDataType.VARCHAR);
    private static final Field<Long> C_CHUNKS = field(name("chunk_counts", "chunks"), SQLDataType.BIGINT);
    private static final Field<Long> C_TESTED = field(name("chunk_counts", "tested"), SQLDataType.BIGINT);

    private static final SelectField<?>[] CHUNK_COLUMNS = {ID, EXPLORATION, IDX, FIRST, COUNT, STATUS, WORKER,
            STARTED_AT, ATTEMPT, LEASE_EXPIRES_AT, FAILURES, TESTED, FINISHED_AT, RESULT, LAST_ERROR};

    private static final Pattern NAMED_PARAM = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");
    /** A string literal, whose text (a date format's {@code HH24:MI}) is no parameter. */
    private static final Pattern QUOTED_TEXT = Pattern.compile("'[^']*'");

    private final DSLContext dsl;
    private final List<SqlStatement> statements = new ArrayList<>();

    /**
     * Writes the statements file of every dialect into the class-path directory {@code args[0]}.
     *
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]).resolve(ChunkStatements.class.getPackageName().replace('.', '/'));
        Files.createDirectories(directory);
        for (Dialect dialect : Dialect.values()) {
            Files.writeString(directory.resolve(dialect.statementsResource()), file(dialect));
        }
    }

    /** The statements file of {@code dialect}, as the build writes it. */
    static String file(Dialect dialect) {
        String header = String.join("\n",
                "Every statement the " + dialect.product() + " chunk store runs, rendered by jOOQ " + Constants.VERSION
                        + " from ChunkSqlDsl when the library was built. Do not edit: it is written again by every "
                        + "build.");
        return StatementsFile.format(header, render(dialect));
    }

    /** Every statement the store runs, rendered for {@code dialect}, in the order of the statements file. */
    static List<SqlStatement> render(Dialect dialect) {
        return List.copyOf(new ChunkSqlDsl(dialect).statements);
    }

    private ChunkSqlDsl(Dialect target) {
        boolean postgres = target == Dialect.POSTGRES;
        SQLDialect dialect = postgres ? SQLDialect.POSTGRES : SQLDialect.SQLITE;
        explorations = postgres ? table(name(ChunkStatements.SCHEMA_MARKER, "explorations")) : table(name("explorations"));
        chunks = postgres ? table(name(ChunkStatements.SCHEMA_MARKER, "chunks")) : table(name("chunks"));
        chunkCounts = postgres ? table(name(ChunkStatements.SCHEMA_MARKER, "chunk_counts"))
                : table(name("chunk_counts"));
        dsl = DSL.using(dialect, new Settings()
                .withExecuteLogging(false)
                .withRenderFormatted(false)
                .withRenderQuotedNames(RenderQuotedNames.NEVER));

        Param<String> exploration = param("exploration", String.class);
        Param<String> now = param("now", String.class);
        Param<String> leaseExpiresAt = param("leaseExpiresAt", String.class);
        Param<String> worker = param("worker", String.class);
        Param<Long> id = param("id", Long.class);
        Param<Integer> attempt = param("attempt", Integer.class);
        Condition fence = ID.eq(id).and(STATUS.eq(status(ChunkStatus.RUNNING))).and(ATTEMPT.eq(attempt))
                .and(WORKER.eq(worker));
        Field<String> noText = DSL.inline(null, SQLDataType.VARCHAR);

        render("explorationByName",
                dsl.select(E_TOTAL, E_CHUNK_SIZE, E_MAX_FAILURES, E_DESIRED).from(explorations)
                        .where(E_NAME.eq(param("name", String.class))));

        var desiredState = dsl.select(E_DESIRED).from(explorations).where(E_NAME.eq(param("name", String.class)));
        render("desiredStateByName", postgres ? desiredState.forShare() : desiredState);

        render("insertExploration",
                dsl.insertInto(explorations, unqualified(E_NAME), E_TOTAL, E_CHUNK_SIZE, unqualified(E_MAX_FAILURES),
                                E_DESIRED, E_CREATED_AT)
                        .values(param("name", String.class), param("total", Long.class),
                                param("chunkSize", Long.class), param("maxFailures", Integer.class),
                                inline(DesiredState.RUNNING.dbValue()), now));

        // One statement makes every chunk of the exploration: a counter from 0 to the chunk count, computed inside
        // the database, is several times faster than a JDBC batch of a million rows.
        Field<Long> i = field(name("seq", "i"), SQLDataType.BIGINT);
        Param<Long> chunkSize = param("chunkSize", Long.class);
        render("insertChunks",
                dsl.insertInto(chunks, unqualified(EXPLORATION), IDX_LONG, FIRST, COUNT, STATUS)
                        .select(DSL.withRecursive(name("seq").fields("i").as(
                                        select(inline(0L)).unionAll(select(i.plus(inline(1L))).from(table(name("seq")))
                                                .where(i.plus(inline(1L)).lt(param("chunks", Long.class))))))
                                .select(exploration, i, i.times(chunkSize),
                                        DSL.least(chunkSize, param("total", Long.class).minus(i.times(chunkSize))),
                                        status(ChunkStatus.PENDING))
                                .from(table(name("seq")))));

        render("setDesiredState",
                dsl.update(explorations).set(E_DESIRED, param("desired", String.class))
                        .where(E_NAME.eq(param("name", String.class))));

        // On SQLite claimers run one at a time (BEGIN IMMEDIATE), so the subquery's pick cannot be taken by another
        // claimer between the select and the update; on PostgreSQL the pick locks its rows and skips those that
        // another claimer holds.
        var pick = select(ID).from(chunks)
                .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.PENDING)))
                .orderBy(IDX)
                .limit(param("limit", Integer.class));
        render("claim",
                dsl.update(chunks)
                        .set(STATUS, status(ChunkStatus.RUNNING))
                        .set(ATTEMPT, ATTEMPT.plus(inline(1)))
                        .set(WORKER, worker)
                        .set(STARTED_AT, now)
                        .set(LEASE_EXPIRES_AT, leaseExpiresAt)
                        .set(TESTED, inline(0L))
                        .set(FINISHED_AT, noText)
                        .set(RESULT, noText)
                        .where(ID.in(postgres ? pick.forUpdate().skipLocked() : pick))
                        .returning(ID, IDX, FIRST, COUNT, ATTEMPT));

        if (postgres) {
            renderClaimInOneStatement("claimInOne", false, null, exploration, worker);
            for (int limit : CLAIM_LIMITS_WRITTEN_IN) {
                renderClaimInOneStatement(ChunkStatements.CLAIM_IN_ONE_OF + limit, false, limit, exploration, worker);
            }
            renderClaimInOneStatement("completeAndClaimInOne", true, 1, exploration, worker);
            renderCompleteAllInOneStatement();
        }

        render("renew",
                dsl.update(chunks)
                        .set(LEASE_EXPIRES_AT, leaseExpiresAt)
                        .set(TESTED, DSL.least(param("tested", Long.class), COUNT))
                        .where(fence));

        render("complete",
                dsl.update(chunks)
                        .set(STATUS, status(ChunkStatus.COMPLETED))
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, COUNT)
                        .set(FINISHED_AT, now)
                        .set(RESULT, param("result", String.class))
                        .where(fence));

        Condition reachesMaxFailures = FAILURES.plus(inline(1)).ge(
                select(E_MAX_FAILURES).from(explorations).where(E_NAME.eq(EXPLORATION)));
        render("fail",
                dsl.update(chunks)
                        .set(STATUS, when(reachesMaxFailures, status(ChunkStatus.FAILED))
                                .else_(status(ChunkStatus.PENDING)))
                        .set(FINISHED_AT, when(reachesMaxFailures, now).else_(noText))
                        .set(FAILURES, FAILURES.plus(inline(1)))
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .set(LAST_ERROR, param("error", String.class))
                        .where(fence)
                        .returning(EXPLORATION, STATUS, FAILURES));

        render("release",
                backToPending(dsl).where(fence));

        Condition running = EXPLORATION.eq(exploration).and(STATUS.eq(status(ChunkStatus.RUNNING)));
        render("resetRunning",
                backToPending(dsl).where(running));

        if (!postgres) {
            // SQLite's reset of every running chunk moves their counts in one step instead of two counter updates
            // per row: while the exploration's chunk_counts_moved row exists (inserted and deleted in the reset's
            // transaction), the schema's trigger leaves the counts alone. All its running chunks become pending with
            // nothing tested, so pending gains them and running keeps none.
            Table<Record> countsMoved = table(name("chunk_counts_moved"));
            Field<String> movedExploration = field(name("exploration"), SQLDataType.VARCHAR);
            Param<Long> moved = param("moved", Long.class);
            render("startCountsMove",
                    dsl.insertInto(countsMoved, movedExploration).values(exploration));
            render("moveRunningCountsToPending",
                    dsl.update(chunkCounts)
                            .set(C_CHUNKS, when(C_STATUS.eq(status(ChunkStatus.PENDING)), C_CHUNKS.plus(moved))
                                    .else_(C_CHUNKS.minus(moved)))
                            .set(C_TESTED, when(C_STATUS.eq(status(ChunkStatus.PENDING)), C_TESTED)
                                    .else_(inline(0L)))
                            .where(C_EXPLORATION.eq(exploration))
                            .and(C_STATUS.in(status(ChunkStatus.PENDING), status(ChunkStatus.RUNNING))));
            render("endCountsMove",
                    dsl.deleteFrom(countsMoved).where(movedExploration.eq(exploration)));
        }

        // The counts are the chunk_counts rows that the schema's triggers keep (on PostgreSQL several stripes per
        // status, summed): a read of a few rows at any size.
        render("countPending",
                dsl.select(DSL.coalesce(DSL.sum(C_CHUNKS), inline(BigDecimal.ZERO))).from(chunkCounts)
                        .where(C_EXPLORATION.eq(exploration)).and(C_STATUS.eq(status(ChunkStatus.PENDING))));

        Field<String> expiryError = DSL.concat(inline("lease of attempt "), ATTEMPT.cast(SQLDataType.VARCHAR),
                inline(" by "), DSL.coalesce(WORKER, inline("nobody")), inline(" expired at "),
                LEASE_EXPIRES_AT);
        Condition expired = running.and(LEASE_EXPIRES_AT.le(now));
        render("expireToFailed",
                dsl.update(chunks)
                        .set(STATUS, status(ChunkStatus.FAILED))
                        .set(FINISHED_AT, now)
                        .set(FAILURES, FAILURES.plus(inline(1)))
                        .set(LAST_ERROR, expiryError)
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .where(expired)
                        .and(FAILURES.plus(inline(1)).ge(param("maxFailures", Integer.class))));

        render("expireToPending",
                dsl.update(chunks)
                        .set(STATUS, status(ChunkStatus.PENDING))
                        .set(FAILURES, FAILURES.plus(inline(1)))
                        .set(LAST_ERROR, expiryError)
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .where(expired));

        render("retryFailed",
                dsl.update(chunks)
                        .set(STATUS, status(ChunkStatus.PENDING))
                        .set(FAILURES, inline(0))
                        .set(FINISHED_AT, noText)
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.FAILED))));

        render("countsByStatus",
                dsl.select(C_STATUS, DSL.sum(C_CHUNKS), DSL.sum(C_TESTED)).from(chunkCounts)
                        .where(C_EXPLORATION.eq(exploration))
                        .groupBy(C_STATUS));

        render("completedAtIndex",
                dsl.select(DSL.count()).from(chunks)
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.COMPLETED)))
                        .and(IDX.eq(param("idx", Integer.class))));

        // A range of chunks_running: as long as the expired leases, usually none.
        render("countExpired",
                dsl.selectCount().from(chunks).where(running).and(LEASE_EXPIRES_AT.le(now)));

        // A page of chunks after the last index seen, through the unique index: one page costs the same wherever it
        // starts, and no read holds every chunk.
        render("chunkPage",
                dsl.select(CHUNK_COLUMNS).from(chunks)
                        .where(EXPLORATION.eq(exploration)).and(IDX.gt(param("afterIdx", Integer.class)))
                        .orderBy(IDX)
                        .limit(param("limit", Integer.class)));

        render("chunkPageOfStatus",
                dsl.select(CHUNK_COLUMNS).from(chunks)
                        .where(EXPLORATION.eq(exploration)).and(IDX.gt(param("afterIdx", Integer.class)))
                        .and(STATUS.eq(param("status", String.class)))
                        .orderBy(IDX)
                        .limit(param("limit", Integer.class)));

        // The database's clock, for stores that judge leases by it rather than by their host's.
        render("databaseNow", dsl.select(DSL.currentTimestamp()));

        render("chunkById",
                dsl.select(CHUNK_COLUMNS).from(chunks).where(ID.eq(id)));

        renderNodeStatements(postgres, exploration, now);
    }

    /**
     * The statements of the node registry ({@link JdbcNodeRegistry}): membership rows, their heartbeats, and the
     * running chunks by worker that health compares with them.
     */
    private void renderNodeStatements(boolean postgres, Param<String> exploration, Param<String> now) {
        Table<Record> nodes = postgres ? table(name(ChunkStatements.SCHEMA_MARKER, "nodes")) : table(name("nodes"));
        Field<Long> nodeId = field(name("id"), SQLDataType.BIGINT);
        Field<String> nodeExploration = field(name("exploration"), SQLDataType.VARCHAR);
        Field<String> role = field(name("role"), SQLDataType.VARCHAR);
        Field<String> host = field(name("host"), SQLDataType.VARCHAR);
        Field<String> bootId = field(name("boot_id"), SQLDataType.VARCHAR);
        Field<Long> pid = field(name("pid"), SQLDataType.BIGINT);
        Field<String> processStartedAt = field(name("process_started_at"), SQLDataType.VARCHAR);
        Field<String> startedAt = field(name("started_at"), SQLDataType.VARCHAR);
        Field<String> heartbeatAt = field(name("heartbeat_at"), SQLDataType.VARCHAR);
        Field<String> state = field(name("state"), SQLDataType.VARCHAR);
        Field<Integer> workers = field(name("workers"), SQLDataType.INTEGER);
        Field<Long> leaseMs = field(name("lease_ms"), SQLDataType.BIGINT);
        Field<String> stopOutcome = field(name("stop_outcome"), SQLDataType.VARCHAR);
        Field<String> stopOutcomeAt = field(name("stop_outcome_at"), SQLDataType.VARCHAR);
        Param<Long> id = param("id", Long.class);

        render("insertNode",
                dsl.insertInto(nodes, nodeExploration, role, host, bootId, pid, processStartedAt, startedAt,
                                heartbeatAt, state, workers, leaseMs)
                        .values(exploration, param("role", String.class), param("host", String.class),
                                param("bootId", String.class), param("pid", Long.class),
                                param("processStartedAt", String.class), now, now, param("state", String.class),
                                param("workers", Integer.class), param("leaseMs", Long.class)));

        // The row just inserted, read in the same transaction: jOOQ renders no RETURNING for SQLite's insert.
        render("lastNodeOf",
                dsl.select(DSL.max(nodeId)).from(nodes)
                        .where(nodeExploration.eq(exploration)).and(host.eq(param("host", String.class)))
                        .and(pid.eq(param("pid", Long.class)))
                        .and(processStartedAt.eq(param("processStartedAt", String.class))));

        render("heartbeatNode",
                dsl.update(nodes)
                        .set(heartbeatAt, now)
                        .set(state, param("state", String.class))
                        .set(workers, param("workers", Integer.class))
                        .where(nodeId.eq(id)));

        render("recordNodeStop",
                dsl.update(nodes)
                        .set(heartbeatAt, now)
                        .set(stopOutcome, param("outcome", String.class))
                        .set(stopOutcomeAt, now)
                        .where(nodeId.eq(id)));

        render("nodesOf",
                dsl.select(nodeId, role, host, bootId, pid, processStartedAt, startedAt, heartbeatAt, state, workers,
                                leaseMs, stopOutcome, stopOutcomeAt)
                        .from(nodes).where(nodeExploration.eq(exploration)).orderBy(nodeId));

        render("pruneSilentNodes",
                dsl.deleteFrom(nodes)
                        .where(nodeExploration.eq(exploration)).and(heartbeatAt.lt(param("before", String.class))));

        render("runningChunksByWorker",
                dsl.select(WORKER, DSL.count()).from(chunks)
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.RUNNING)))
                        .and(WORKER.isNotNull())
                        .groupBy(WORKER));
    }

    /**
     * PostgreSQL's claim as one statement that autocommits, so a claim costs one round trip: the exploration's row is
     * read {@code FOR SHARE} (a Stop that sets the desired state waits for it, and a claim behind a Stop sees
     * {@code stopped}), the pick skips rows that other claimers hold, and the lease times are the database's clock
     * unless the store was given one ({@code now} and {@code leaseExpiresAt} bound, else NULL). With
     * {@code completing}, the same statement first completes the chunk of the fencing token. Its one row per claimed
     * chunk (or one row with NULL chunk columns) carries the desired state and the rows completed; no row means no
     * such exploration, and then nothing is written. The pick looks at chunks from index {@code from} on (see
     * {@link QueueHeads}), and when it finds none there, from index 0 (an uncorrelated sub-select runs only when
     * its value is needed, so the second look costs nothing when the first found chunks).
     *
     * <p>With a {@code limit}, the pick's limit is written in, not a parameter: PostgreSQL cannot estimate a limit
     * that is a parameter, so it prices the prepared statement's generic plan as if it read a tenth of the pending
     * chunks and plans every execution afresh instead (a quarter of a millisecond and more, more than a claim of one,
     * and growing with the dead index entries at the queue's head that the planner reads past).
     *
     * <p>The update finds the picked chunks through {@code id = ANY(ARRAY(…))}, by the primary key: with
     * {@code id IN (…)} the planner may join the picked ids to a scan of every chunk of the table instead (it did for
     * a claim of 64 among 10,000 chunks: 2.9 ms against 1.2 ms).
     *
     * <p>Plain SQL, because jOOQ's DSL cannot put an UPDATE … RETURNING into a common table expression.
     */
    private void renderClaimInOneStatement(String name, boolean completing, @Nullable Integer limit,
                                           Param<String> exploration, Param<String> worker) {
        String utc = " AT TIME ZONE 'UTC', " + TEXT_TIMESTAMP + ")";
        String completion = completing
                ? "done AS (UPDATE {1} SET status = 'completed', lease_expires_at = NULL, tested = combination_count, "
                + "finished_at = (SELECT clock_now FROM clock), result = {7} "
                + "WHERE id = {8} AND status = 'running' AND attempt = {9} AND assigned_worker = {3} "
                + "AND EXISTS (SELECT 1 FROM desired) RETURNING id), "
                : "";
        Function<String, String> pick = from -> "ARRAY(SELECT id FROM {1} WHERE exploration = {2} "
                + "AND status = 'pending' AND idx >= " + from + " AND (SELECT desired_state FROM desired) = 'running' "
                + "ORDER BY idx LIMIT " + (limit == null ? "{10}" : limit) + " FOR UPDATE SKIP LOCKED)";
        String sql = "WITH desired AS (SELECT desired_state FROM {0} WHERE name = {2} FOR SHARE), "
                + "clock AS (SELECT COALESCE(CAST({4} AS text), to_char(current_timestamp" + utc + ") AS clock_now, "
                + "COALESCE(CAST({5} AS text), to_char((current_timestamp + CAST({6} AS bigint) "
                + "* interval '1 millisecond')" + utc + ") AS clock_expires), "
                + completion
                + "claimed AS (UPDATE {1} SET status = 'running', attempt = attempt + 1, assigned_worker = {3}, "
                + "started_at = clock.clock_now, lease_expires_at = clock.clock_expires, tested = 0, "
                + "finished_at = NULL, result = NULL FROM clock "
                + "WHERE id = ANY(COALESCE(NULLIF(" + pick.apply("{11}") + ", '{}'), " + pick.apply("0") + ")) "
                + "RETURNING id, idx, first_combination, combination_count, attempt, lease_expires_at) "
                + "SELECT desired.desired_state, " + (completing ? "(SELECT count(*) FROM done)" : "0")
                + " AS completed, claimed.* FROM desired LEFT JOIN claimed ON true";
        render(name, DSL.resultQuery(sql, explorations, chunks, exploration, worker,
                param("now", String.class), param("leaseExpiresAt", String.class),
                param("leaseMillis", Long.class), param("result", String.class), param("id", Long.class),
                param("attempt", Integer.class), param("limit", Integer.class), param("from", Integer.class)));
    }

    /**
     * PostgreSQL's completion of several chunks as one autocommitted statement: the tokens and results come as four
     * arrays of equal length, each row is fenced by its own token, and the statement returns the token (id, attempt,
     * worker) of every chunk it completed. One statement, not a batch of single-row updates, because the count
     * triggers run once per statement: a batch of 64 completions ran them 64 times (about 0.25 ms each).
     */
    private void renderCompleteAllInOneStatement() {
        String sql = "UPDATE {0} AS c SET status = 'completed', lease_expires_at = NULL, tested = c.combination_count, "
                + "finished_at = COALESCE(CAST({1} AS text), to_char(current_timestamp AT TIME ZONE 'UTC', "
                + TEXT_TIMESTAMP + ")), result = v.result "
                + "FROM unnest(CAST({2} AS bigint[]), CAST({3} AS integer[]), CAST({4} AS text[]), "
                + "CAST({5} AS text[])) AS v (id, attempt, worker, result) "
                + "WHERE c.id = v.id AND c.status = 'running' AND c.attempt = v.attempt "
                + "AND c.assigned_worker = v.worker "
                + "RETURNING c.id, c.attempt, c.assigned_worker";
        // The arrays are bound as arrays (NamedStatement.setArray); their jOOQ type only names them.
        render("completeAllInOne", DSL.resultQuery(sql, chunks, param("now", String.class),
                param("ids", Object.class), param("attempts", Object.class), param("workers", Object.class),
                param("results", Object.class)));
    }

    /**
     * Renders {@code query} as statement {@code name}, with its parameters' names in placeholder order as jOOQ
     * renders them, so the store binds each value by name.
     */
    private void render(String name, Query query) {
        String sql = dsl.render(query);
        List<String> found = new ArrayList<>();
        Matcher matcher = NAMED_PARAM.matcher(QUOTED_TEXT.matcher(dsl.renderNamedParams(query)).replaceAll("''"));
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != found.size()) {
            throw new IllegalStateException("statement " + name + " has " + placeholders + " placeholders but "
                    + "names the parameters " + found + ": " + sql);
        }
        statements.add(new SqlStatement(name, sql, found));
    }

    /** Reset and release: back to pending, lease cleared, failures and attempt unchanged. */
    private org.jooq.UpdateSetMoreStep<Record> backToPending(DSLContext dsl) {
        Field<String> noText = DSL.inline(null, SQLDataType.VARCHAR);
        return dsl.update(chunks)
                .set(STATUS, status(ChunkStatus.PENDING))
                .set(WORKER, noText)
                .set(STARTED_AT, noText)
                .set(LEASE_EXPIRES_AT, noText)
                .set(TESTED, inline(0L));
    }

    private static Field<String> status(ChunkStatus status) {
        return inline(status.dbValue());
    }

    /** The column without its table, as INSERT column lists want it. */
    private static <T> Field<T> unqualified(Field<T> column) {
        return field(name(column.getUnqualifiedName().last()), column.getDataType());
    }
}
