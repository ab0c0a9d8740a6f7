package dev.chunkcluster.sqlite;

import org.jooq.Constants;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statements file the store reads is what jOOQ renders from {@link ChunkSqlDsl} today. After a change to the DSL
 * (or to jOOQ's version), write the file again and commit it:
 *
 * <pre>
 * mvn -pl cluster-sqlite-adapter test -Dtest=StatementsFileTest -Dchunkcluster.writeStatements=true
 * </pre>
 */
class StatementsFileTest {

    /** Set to true to write the statements file in the source tree instead of comparing it. */
    static final String WRITE_PROPERTY = "chunkcluster.writeStatements";

    private static final Path SOURCE = Path.of("src", "main", "resources", "dev", "chunkcluster", "sqlite",
            ChunkSql.SQLITE_RESOURCE);

    static String rendered() {
        String header = String.join("\n",
                "Every statement the SQLite chunk store runs, rendered by jOOQ " + Constants.VERSION + " (dialect "
                        + SQLDialect.SQLITE.getName() + ") from ChunkSqlDsl.",
                "Do not edit: StatementsFileTest fails when this file and a fresh rendering differ; run it with",
                "-D" + WRITE_PROPERTY + "=true to write this file again.",
                "",
                "Each block: the statement's name, its named parameters in placeholder order (the store binds them",
                "by position), and the SQL.");
        return StatementsFile.format(header, ChunkSqlDsl.render(SQLDialect.SQLITE));
    }

    @Test
    void theStatementsFileIsAFreshRenderingOfTheDsl() throws IOException {
        String fresh = rendered();
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.writeString(SOURCE, fresh, StandardCharsets.UTF_8);
        }
        String onClassPath;
        try (InputStream in = ChunkSql.class.getResourceAsStream(ChunkSql.SQLITE_RESOURCE)) {
            assertNotNull(in, ChunkSql.SQLITE_RESOURCE + " is on the class path");
            onClassPath = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String committed = Files.isRegularFile(SOURCE) ? Files.readString(SOURCE, StandardCharsets.UTF_8) : "";
        assertEquals(fresh, committed, SOURCE + " differs from what ChunkSqlDsl renders now; run this test with -D"
                + WRITE_PROPERTY + "=true to write it again, then review and commit the change");
        if (!Boolean.getBoolean(WRITE_PROPERTY)) {
            assertEquals(committed, onClassPath, "the class path holds the committed statements file");
        }
    }

    @Test
    void theStoreReadsBackEveryRenderedStatement() {
        List<RenderedSql> statements = ChunkSqlDsl.render(SQLDialect.SQLITE);
        Map<String, RenderedSql> parsed = StatementsFile.parse("fresh rendering", rendered());

        assertEquals(statements.size(), parsed.size());
        for (RenderedSql statement : statements) {
            assertEquals(statement, parsed.get(statement.name()));
        }
        assertEquals(parsed.get("claim"), ChunkSql.SQLITE.claim);
        assertEquals(List.of("now", "result", "id", "attempt", "worker"), ChunkSql.SQLITE.complete.params());
    }

    @Test
    void aDamagedFileIsRefusedWithTheStatementItStopsAt() {
        String damaged = "-- name: claim\n-- params: worker\nupdate chunks set a = ?, b = ?;\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StatementsFile.parse("test", damaged));
        assertTrue(e.getMessage().contains("'claim'") && e.getMessage().contains("2 placeholders"), e.getMessage());
    }

    @Test
    void aFileWithoutAStatementTheStoreRunsIsRefused() {
        Map<String, RenderedSql> statements = new java.util.LinkedHashMap<>(StatementsFile.parse("test", rendered()));
        statements.remove("claim");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChunkSql.of("test", statements));
        assertTrue(e.getMessage().contains("no statement 'claim'"), e.getMessage());
    }

    @Test
    void aMissingFileIsReportedAsAnIncompleteJar() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChunkSql.load("no-such-statements.sql"));
        assertTrue(e.getMessage().contains("no-such-statements.sql") && e.getMessage().contains("incomplete"),
                e.getMessage());
    }
}
