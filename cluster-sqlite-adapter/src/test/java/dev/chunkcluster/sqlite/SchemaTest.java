package dev.chunkcluster.sqlite;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        List<String> statements = Schema.split("""
                -- a comment; with a semicolon
                CREATE TABLE t (s TEXT CHECK (s IN ('a;b', 'c'))); -- trailing; comment
                INSERT INTO t VALUES ('it''s');
                """);
        assertEquals(List.of("CREATE TABLE t (s TEXT CHECK (s IN ('a;b', 'c')))", "INSERT INTO t VALUES ('it''s')"),
                statements);
    }

    @Test
    void versionOneCreatesBothTablesAndTheIndexes() {
        List<String> statements = Schema.upgradeTo(1);
        assertEquals(4, statements.size(), statements.toString());
        assertTrue(statements.get(0).startsWith("CREATE TABLE explorations"), statements.get(0));
        assertTrue(statements.get(1).startsWith("CREATE TABLE chunks"), statements.get(1));
        assertThrows(IllegalArgumentException.class, () -> Schema.upgradeTo(Schema.LATEST_VERSION + 1));
    }
}
