package dev.chunkcluster.jdbc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaScriptTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        List<String> statements = SchemaScripts.split("""
                -- a comment; with a semicolon
                CREATE TABLE t (s TEXT CHECK (s IN ('a;b', 'c'))); -- trailing; comment
                INSERT INTO t VALUES ('it''s');
                """);
        assertEquals(List.of("CREATE TABLE t (s TEXT CHECK (s IN ('a;b', 'c')))", "INSERT INTO t VALUES ('it''s')"),
                statements);
    }

    @Test
    void keepsTriggerBodiesAndDollarQuotedFunctionsWhole() {
        String trigger = "CREATE TRIGGER t AFTER INSERT ON c\nBEGIN\n    UPDATE n SET k = k + 1;\n    "
                + "UPDATE n SET k = k - 1;\nEND";
        String function = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    "
                + "INSERT INTO n VALUES (';');\n    RETURN NULL;\nEND\n$$";
        List<String> statements = SchemaScripts.split(trigger + ";\n" + function + ";\nDROP INDEX i;\n");
        assertEquals(List.of(trigger, function, "DROP INDEX i"), statements);
    }

    @Test
    void aVersionOutsideTheKnownOnesIsRefused() {
        SchemaScripts scripts = new SchemaScripts(SchemaScriptTest.class, 1);
        assertThrows(IllegalArgumentException.class, () -> scripts.upgradeTo(2));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> scripts.upgradeTo(1));
        assertTrue(missing.getMessage().contains("schema-v1.sql"), missing.getMessage());
    }
}
