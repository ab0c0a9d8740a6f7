package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import org.jooq.Condition;
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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
 * Every statement the store runs, written with jOOQ's DSL and rendered for a dialect into the statements file that
 * {@link ChunkSql} reads at run time ({@value ChunkSql#SQLITE_RESOURCE} for SQLite), so the store never loads jOOQ.
 * {@code StatementsFileTest} fails when the file and a fresh rendering differ, and writes the file again when asked.
 *
 * <p>Only the dialect passed in is SQLite's (the transaction statements, {@code BEGIN IMMEDIATE} and the like, are
 * plain text in {@link ChunkSql}): a PostgreSQL adapter would render the same statements (adding
 * {@code FOR UPDATE SKIP LOCKED} to the claim's subquery) into its own file.
 *
 * <p>The column lists of {@link #CHUNK_COLUMNS} and the claim's {@code RETURNING} are read by position in
 * {@link JooqSqliteChunkStore}.
 */
final class ChunkSqlDsl {

    private static final Table<Record> EXPLORATIONS = table(name("explorations"));
    private static final Field<String> E_NAME = field(name("explorations", "name"), SQLDataType.VARCHAR);
    private static final Field<Long> E_TOTAL = field(name("total_combinations"), SQLDataType.BIGINT);
    private static final Field<Long> E_CHUNK_SIZE = field(name("chunk_size"), SQLDataType.BIGINT);
    private static final Field<Integer> E_MAX_FAILURES = field(name("explorations", "max_failures"),
            SQLDataType.INTEGER);
    private static final Field<String> E_DESIRED = field(name("desired_state"), SQLDataType.VARCHAR);
    private static final Field<String> E_CREATED_AT = field(name("created_at"), SQLDataType.VARCHAR);

    private static final Table<Record> CHUNKS = table(name("chunks"));
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

    private static final SelectField<?>[] CHUNK_COLUMNS = {ID, EXPLORATION, IDX, FIRST, COUNT, STATUS, WORKER,
            STARTED_AT, ATTEMPT, LEASE_EXPIRES_AT, FAILURES, TESTED, FINISHED_AT, RESULT, LAST_ERROR};

    private static final Pattern NAMED_PARAM = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");

    private final DSLContext dsl;
    private final List<RenderedSql> statements = new ArrayList<>();

    /** Every statement the store runs, rendered for {@code dialect}, in the order of the statements file. */
    static List<RenderedSql> render(SQLDialect dialect) {
        return List.copyOf(new ChunkSqlDsl(dialect).statements);
    }

    private ChunkSqlDsl(SQLDialect dialect) {
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
        String[] fenceParams = {"id", "attempt", "worker"};
        Field<String> noText = DSL.inline(null, SQLDataType.VARCHAR);

        render("explorationByName",
                dsl.select(E_TOTAL, E_CHUNK_SIZE, E_MAX_FAILURES, E_DESIRED).from(EXPLORATIONS)
                        .where(E_NAME.eq(param("name", String.class))),
                "name");

        render("desiredStateByName",
                dsl.select(E_DESIRED).from(EXPLORATIONS).where(E_NAME.eq(param("name", String.class))),
                "name");

        render("insertExploration",
                dsl.insertInto(EXPLORATIONS, unqualified(E_NAME), E_TOTAL, E_CHUNK_SIZE, unqualified(E_MAX_FAILURES),
                                E_DESIRED, E_CREATED_AT)
                        .values(param("name", String.class), param("total", Long.class),
                                param("chunkSize", Long.class), param("maxFailures", Integer.class),
                                inline(DesiredState.RUNNING.dbValue()), now),
                "name", "total", "chunkSize", "maxFailures", "now");

        // One statement makes every chunk of the exploration: a counter from 0 to the chunk count, computed inside
        // the database, is several times faster than a JDBC batch of a million rows.
        Field<Long> i = field(name("seq", "i"), SQLDataType.BIGINT);
        Param<Long> chunkSize = param("chunkSize", Long.class);
        render("insertChunks",
                dsl.insertInto(CHUNKS, unqualified(EXPLORATION), IDX_LONG, FIRST, COUNT, STATUS)
                        .select(DSL.withRecursive(name("seq").fields("i").as(
                                        select(inline(0L)).unionAll(select(i.plus(inline(1L))).from(table(name("seq")))
                                                .where(i.plus(inline(1L)).lt(param("chunks", Long.class))))))
                                .select(exploration, i, i.times(chunkSize),
                                        DSL.least(chunkSize, param("total", Long.class).minus(i.times(chunkSize))),
                                        status(ChunkStatus.PENDING))
                                .from(table(name("seq")))),
                "chunks", "exploration", "chunkSize", "chunkSize", "total", "chunkSize");

        render("setDesiredState",
                dsl.update(EXPLORATIONS).set(E_DESIRED, param("desired", String.class))
                        .where(E_NAME.eq(param("name", String.class))),
                "desired", "name");

        // Claimers run one at a time (BEGIN IMMEDIATE), so the subquery's pick cannot be taken by another claimer
        // between the select and the update.
        render("claim",
                dsl.update(CHUNKS)
                        .set(STATUS, status(ChunkStatus.RUNNING))
                        .set(ATTEMPT, ATTEMPT.plus(inline(1)))
                        .set(WORKER, worker)
                        .set(STARTED_AT, now)
                        .set(LEASE_EXPIRES_AT, leaseExpiresAt)
                        .set(TESTED, inline(0L))
                        .set(FINISHED_AT, noText)
                        .set(RESULT, noText)
                        .where(ID.in(select(ID).from(CHUNKS)
                                .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.PENDING)))
                                .orderBy(IDX)
                                .limit(param("limit", Integer.class))))
                        .returning(ID, IDX, FIRST, COUNT, ATTEMPT),
                "worker", "now", "leaseExpiresAt", "exploration", "limit");

        render("renew",
                dsl.update(CHUNKS)
                        .set(LEASE_EXPIRES_AT, leaseExpiresAt)
                        .set(TESTED, DSL.least(param("tested", Long.class), COUNT))
                        .where(fence),
                concat(new String[]{"leaseExpiresAt", "tested"}, fenceParams));

        render("complete",
                dsl.update(CHUNKS)
                        .set(STATUS, status(ChunkStatus.COMPLETED))
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, COUNT)
                        .set(FINISHED_AT, now)
                        .set(RESULT, param("result", String.class))
                        .where(fence),
                concat(new String[]{"now", "result"}, fenceParams));

        Condition reachesMaxFailures = FAILURES.plus(inline(1)).ge(
                select(E_MAX_FAILURES).from(EXPLORATIONS).where(E_NAME.eq(EXPLORATION)));
        render("fail",
                dsl.update(CHUNKS)
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
                        .returning(EXPLORATION, STATUS, FAILURES),
                concat(new String[]{"now", "error"}, fenceParams));

        render("release",
                backToPending(dsl).where(fence),
                fenceParams);

        Condition running = EXPLORATION.eq(exploration).and(STATUS.eq(status(ChunkStatus.RUNNING)));
        render("resetRunning",
                backToPending(dsl).where(running),
                "exploration");

        render("countPending",
                dsl.selectCount().from(CHUNKS)
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.PENDING))),
                "exploration");

        Field<String> expiryError = DSL.concat(inline("lease of attempt "), ATTEMPT.cast(SQLDataType.VARCHAR),
                inline(" by "), DSL.coalesce(WORKER, inline("nobody")), inline(" expired at "),
                LEASE_EXPIRES_AT);
        Condition expired = running.and(LEASE_EXPIRES_AT.le(now));
        render("expireToFailed",
                dsl.update(CHUNKS)
                        .set(STATUS, status(ChunkStatus.FAILED))
                        .set(FINISHED_AT, now)
                        .set(FAILURES, FAILURES.plus(inline(1)))
                        .set(LAST_ERROR, expiryError)
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .where(expired)
                        .and(FAILURES.plus(inline(1)).ge(param("maxFailures", Integer.class))),
                "now", "exploration", "now", "maxFailures");

        render("expireToPending",
                dsl.update(CHUNKS)
                        .set(STATUS, status(ChunkStatus.PENDING))
                        .set(FAILURES, FAILURES.plus(inline(1)))
                        .set(LAST_ERROR, expiryError)
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .where(expired),
                "exploration", "now");

        render("retryFailed",
                dsl.update(CHUNKS)
                        .set(STATUS, status(ChunkStatus.PENDING))
                        .set(FAILURES, inline(0))
                        .set(FINISHED_AT, noText)
                        .set(WORKER, noText)
                        .set(STARTED_AT, noText)
                        .set(LEASE_EXPIRES_AT, noText)
                        .set(TESTED, inline(0L))
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.FAILED))),
                "exploration");

        // Every status read is a range of chunks_by_status, answered from that index alone. A count per status
        // only counts index entries; a GROUP BY with sums would compare and add up every entry of the exploration.
        // Completed combinations follow from the spec (every chunk is full but perhaps the last), so only the few
        // running chunks are summed.
        render("countInStatus",
                dsl.select(DSL.count()).from(CHUNKS)
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(param("status", String.class))),
                "exploration", "status");

        render("completedAtIndex",
                dsl.select(DSL.count()).from(CHUNKS)
                        .where(EXPLORATION.eq(exploration)).and(STATUS.eq(status(ChunkStatus.COMPLETED)))
                        .and(IDX.eq(param("idx", Integer.class))),
                "exploration", "idx");

        render("runningProgress",
                dsl.select(DSL.count(), DSL.coalesce(DSL.sum(TESTED), inline(BigDecimal.ZERO)),
                                DSL.count().filterWhere(LEASE_EXPIRES_AT.le(now)))
                        .from(CHUNKS)
                        .where(running),
                "now", "exploration");

        render("chunksOf",
                dsl.select(CHUNK_COLUMNS).from(CHUNKS).where(EXPLORATION.eq(exploration)).orderBy(IDX),
                "exploration");

        render("chunkById",
                dsl.select(CHUNK_COLUMNS).from(CHUNKS).where(ID.eq(id)),
                "id");
    }

    /**
     * Renders {@code query} as statement {@code name} and checks that its parameters appear exactly in the order
     * {@code expected}, the order in which the store binds them.
     *
     * @throws IllegalStateException when they do not: binding by position would be wrong
     */
    private void render(String name, Query query, String... expected) {
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
        statements.add(new RenderedSql(name, sql, found));
    }

    /** Reset and release: back to pending, lease cleared, failures and attempt unchanged. */
    private static org.jooq.UpdateSetMoreStep<Record> backToPending(DSLContext dsl) {
        Field<String> noText = DSL.inline(null, SQLDataType.VARCHAR);
        return dsl.update(CHUNKS)
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

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
