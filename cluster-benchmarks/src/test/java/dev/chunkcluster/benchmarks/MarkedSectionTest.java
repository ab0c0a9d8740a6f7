package dev.chunkcluster.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarkedSectionTest {

    private static final MarkedSection SECTION = new MarkedSection("<!-- begin -->", "<!-- end -->");

    @Test
    void theSectionIsAppendedOnceAndThenReplaced() {
        String document = "# Benchmarks\n\nSQLite figures.\n";
        String first = SECTION.merge(document, "<!-- begin -->\nold\n<!-- end -->\n");
        assertEquals("# Benchmarks\n\nSQLite figures.\n\n<!-- begin -->\nold\n<!-- end -->\n", first);

        String second = SECTION.merge(first + "\nAfter.\n", "<!-- begin -->\nnew\n<!-- end -->\n");
        assertEquals("# Benchmarks\n\nSQLite figures.\n\n<!-- begin -->\nnew\n<!-- end -->\nAfter.\n", second);
    }

    @Test
    void theSectionIsReadBackAsItWasWritten() {
        String section = "<!-- begin -->\n## At size\n<!-- end -->\n";
        assertEquals(Optional.of(section), SECTION.in(SECTION.merge("# Benchmarks\n", section) + "More.\n"));
        assertEquals(Optional.empty(), SECTION.in("# Benchmarks\n<!-- end -->\n<!-- begin -->\n"));
    }
}
