package dev.chunkcluster.examples.backtest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepEvaluatorTest {

    /** A short series keeps these tests fast; the ranking logic does not depend on the length. */
    private static final SweepEvaluator EVALUATOR = new SweepEvaluator(PriceSeries.generate(PriceSeries.DEMO_SEED, 3_000));

    @Test
    void mergingTheChunksTopTensGivesTheTopTenOfEverything() {
        ChunkResult whole = EVALUATOR.evaluate(0, 640, tested -> { }, () -> false);
        TopResults merged = new TopResults(SweepEvaluator.TOP);
        for (long first = 0; first < 640; first += 64) {
            ChunkResult chunk = ChunkResult.fromJson(EVALUATOR.evaluate(first, 64, tested -> { }, () -> false).toJson());
            assertEquals(first, chunk.first());
            assertEquals(64, chunk.tested());
            assertEquals(SweepEvaluator.TOP, chunk.top().size());
            assertEquals(chunk.top().get(0), chunk.best());
            merged.offerAll(chunk.top());
        }
        assertEquals(whole.top(), merged.best());
    }

    @Test
    void theJsonDocumentRoundTripsExactly() {
        ChunkResult result = EVALUATOR.evaluate(100, 20, tested -> { }, () -> false);
        String json = result.toJson();
        assertTrue(json.contains("\"metric\":\"calmar\""), json);
        assertEquals(result, ChunkResult.fromJson(json));
    }

    @Test
    void reportsProgressAfterEveryCombination() {
        List<Long> reports = new ArrayList<>();
        EVALUATOR.evaluate(0, 5, reports::add, () -> false);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), reports);
    }

    @Test
    void stopsWhenAbandoned() {
        AtomicLong done = new AtomicLong();
        assertThrows(CancellationException.class,
                () -> EVALUATOR.evaluate(0, 50, done::set, () -> done.get() >= 3));
        assertEquals(3, done.get());
    }

    @Test
    void rankingIsTotalAndBestFirst() {
        RankedResult low = new RankedResult(5, 6, 96, 2, 1, 0.1, 0, 0, 0, 1);
        RankedResult high = new RankedResult(9, 6, 96, 2, 1, 0.2, 0, 0, 0, 1);
        RankedResult tie = new RankedResult(3, 6, 96, 2, 1, 0.1, 0, 0, 0, 1);
        TopResults top = new TopResults(2);
        top.offerAll(List.of(low, high, tie));
        assertEquals(List.of(high, tie), top.best());
    }

    @Test
    void refusesRangesOutsideTheSpace() {
        assertThrows(IllegalArgumentException.class, () -> EVALUATOR.evaluate(4090, 10, t -> { }, () -> false));
        assertThrows(IllegalArgumentException.class, () -> ChunkResult.fromJson("{not json"));
        assertThrows(IllegalArgumentException.class, () -> ChunkResult.fromJson(" "));
    }
}
