package dev.chunkcluster.examples.backtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code result} column's document: its exact text, and what reading it accepts and refuses. */
class ChunkResultTest {

    private static final RankedResult FIRST = new RankedResult(56, 6, 96, 12.0, 0.5, -8.062554114601763E-4,
            -3.3405635487604446E-4, 0.41433068247076765, -0.0028191776703727685, 4028);
    private static final RankedResult SECOND = new RankedResult(48, 6, 96, 10.0, 0.5, -0.1, 0.1 + 0.2,
            Double.MIN_VALUE, 1.0E308, 7);

    @Test
    void writesTheDocumentPeopleQueryByHand() {
        String json = ChunkResult.of(0, 64, 64, List.of(FIRST, SECOND)).toJson();

        String first = "{\"combination\":56,\"fastLength\":6,\"slowLength\":96,\"atrMultiplier\":12.0,"
                + "\"leverage\":0.5,\"score\":-8.062554114601763E-4,\"cagr\":-3.3405635487604446E-4,"
                + "\"maxDrawdown\":0.41433068247076765,\"sharpe\":-0.0028191776703727685,\"trades\":4028}";
        String second = "{\"combination\":48,\"fastLength\":6,\"slowLength\":96,\"atrMultiplier\":10.0,"
                + "\"leverage\":0.5,\"score\":-0.1,\"cagr\":0.30000000000000004,\"maxDrawdown\":4.9E-324,"
                + "\"sharpe\":1.0E308,\"trades\":7}";
        assertEquals("{\"metric\":\"calmar\",\"first\":0,\"count\":64,\"tested\":64,\"best\":" + first
                + ",\"top\":[" + first + "," + second + "]}", json);
    }

    @Test
    void readsBackExactlyWhatItWrote() {
        ChunkResult result = ChunkResult.of(128, 64, 37, List.of(FIRST, SECOND));

        assertEquals(result, ChunkResult.fromJson(result.toJson()));
    }

    @Test
    void aChunkWithNothingRankedHasNoBest() {
        ChunkResult empty = ChunkResult.of(0, 64, 0, List.of());

        assertTrue(empty.toJson().contains("\"best\":null,\"top\":[]"), empty.toJson());
        ChunkResult read = ChunkResult.fromJson(empty.toJson());
        assertNull(read.best());
        assertEquals(List.of(), read.top());
    }

    @Test
    void skipsFieldsItDoesNotKnowInAnyOrder() {
        String json = "{\"top\":[{\"trades\":3,\"note\":{\"a\":[1,2]},\"combination\":9,\"score\":0.25}],"
                + "\"writer\":\"v2\",\"extra\":[{\"x\":1}],\"first\":64,\"count\":64,\"tested\":64,"
                + "\"metric\":\"calmar\"}";

        ChunkResult read = ChunkResult.fromJson(json);

        assertEquals(64, read.first());
        assertEquals(List.of(new RankedResult(9, 0, 0, 0, 0, 0.25, 0, 0, 0, 3)), read.top());
    }

    @Test
    void refusesWhatIsNotAResultDocumentAndQuotesIt() {
        assertMessage("{not json", "chunk result is not a result document", "{not json");
        assertMessage("[1,2]", "chunk result is not a result document", "[1,2]");
        assertMessage("{\"first\":0,\"count\":64}", "has no \"top\" list", "\"count\":64");
        assertMessage("{\"top\":3}", "chunk result is not a result document", "{\"top\":3}");
        assertMessage("{\"top\":[7]}", "chunk result is not a result document", "[7]");
        assertMessage("{\"first\":\"zero\",\"top\":[]}", "chunk result is not a result document", "zero");
        assertMessage("{\"first\":0,\"top\":[{\"score\":0.5}]", "chunk result is not a result document",
                "\"score\":0.5");
        assertMessage(" ", "must be a JSON document; got an empty string", "");
        assertMessage(null, "must be a JSON document; got null", "");
    }

    @Test
    void quotesALongDocumentShortened() {
        String json = "{\"first\":0,\"note\":\"" + "x".repeat(500) + "\"}";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkResult.fromJson(json));

        assertTrue(e.getMessage().endsWith("..."), e.getMessage());
        assertTrue(e.getMessage().contains("has no \"top\" list"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    private static void assertMessage(String json, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkResult.fromJson(json));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "\"" + part + "\" in: " + e.getMessage());
        }
    }
}
