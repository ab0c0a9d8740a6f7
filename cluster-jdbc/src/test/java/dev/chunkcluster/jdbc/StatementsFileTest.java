package dev.chunkcluster.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements files the build writes hold what jOOQ renders from {@link ChunkSqlDsl}, and read back whole. */
class StatementsFileTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theStoreReadsBackEveryRenderedStatement(Dialect dialect) {
        List<SqlStatement> rendered = ChunkSqlDsl.render(dialect);
        Map<String, SqlStatement> parsed = StatementsFile.parse("fresh rendering", ChunkSqlDsl.file(dialect));

        assertEquals(rendered.size(), parsed.size());
        for (SqlStatement statement : rendered) {
            assertEquals(statement, parsed.get(statement.name()));
            assertEquals(statement, ChunkStatements.of(dialect).named(statement.name()), "the class path holds "
                    + "the build's rendering of " + statement.name());
        }
    }

    @Test
    void parametersAreNamedInPlaceholderOrderAsJooqRendersThem() {
        SqlStatement complete = ChunkStatements.of(Dialect.SQLITE).named("complete");
        assertEquals(List.of("now", "result", "id", "attempt", "worker"), complete.params());
        SqlStatement insertChunks = ChunkStatements.of(Dialect.SQLITE).named("insertChunks");
        assertEquals(List.of("chunks", "exploration", "chunkSize", "total"), insertChunks.names());
    }

    @Test
    void onlyPostgresLocksWhatItClaimsAndItsTablesMoveToTheChosenSchema() {
        String sqlite = ChunkStatements.of(Dialect.SQLITE).named("claim").sql();
        String postgres = ChunkStatements.of(Dialect.POSTGRES).named("claim").sql();
        assertTrue(!sqlite.contains("skip locked") && postgres.contains("for update skip locked"), postgres);

        ChunkStatements moved = ChunkStatements.of(Dialect.POSTGRES).inSchema("my \"work\"");
        assertTrue(moved.named("claim").sql().startsWith("update \"my \"\"work\"\"\".chunks set"),
                moved.named("claim").sql());
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
        Map<String, SqlStatement> statements = new LinkedHashMap<>(
                StatementsFile.parse("test", ChunkSqlDsl.file(Dialect.SQLITE)));
        statements.remove("claim");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ChunkStatements.of(Dialect.SQLITE, "test", statements));
        assertTrue(e.getMessage().contains("no statement 'claim'"), e.getMessage());
    }

    @Test
    void aMissingFileIsReportedAsAnIncompleteJar() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StatementsFile.read("no-such-statements.sql"));
        assertTrue(e.getMessage().contains("no-such-statements.sql") && e.getMessage().contains("incomplete"),
                e.getMessage());
    }
}
