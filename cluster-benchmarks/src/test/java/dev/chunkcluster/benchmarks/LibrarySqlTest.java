package dev.chunkcluster.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw-JDBC side reads the library's statements; this fails, with what to update, when the library changes them. */
class LibrarySqlTest {

    @Test
    void readsEveryStatementTheRawSideRunsWithItsParameterOrder() {
        LibrarySql sql = LibrarySql.sqlite();

        assertTrue(sql.sql("claim", "worker", "now", "leaseExpiresAt", "exploration", "limit").startsWith("update"));
        assertTrue(sql.sql("complete", "now", "result", "id", "attempt", "worker").startsWith("update"));
        assertTrue(sql.sql("desiredStateByName", "name").startsWith("select"));
        assertTrue(sql.sql("setDesiredState", "desired", "name").startsWith("update"));
        assertTrue(sql.sql("resetRunning", "exploration").startsWith("update"));
        assertTrue(sql.sql("countPending", "exploration").startsWith("select"));
    }

    @Test
    void aChangedParameterOrderIsReportedNotBoundWrongly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LibrarySql.sqlite().sql("complete", "result", "now", "id", "attempt", "worker"));
        assertTrue(e.getMessage().contains("update the raw side"), e.getMessage());
    }
}
