package dev.chunkcluster.core.chunk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplorationSpecTest {

    @Test
    void chunksCoverEveryCombinationExactlyOnce() {
        for (long total : new long[]{1, 7, 4096, 4097, 10_000}) {
            for (long size : new long[]{1, 3, 64, 1366, 5000}) {
                ExplorationSpec spec = ExplorationSpec.of("s", total, size);
                List<ChunkRange> ranges = spec.ranges();
                long next = 0;
                for (int i = 0; i < ranges.size(); i++) {
                    ChunkRange range = ranges.get(i);
                    assertEquals(i, range.index());
                    assertEquals(next, range.first(), "no gap and no overlap");
                    assertTrue(range.count() <= size);
                    next = range.end();
                }
                assertEquals(total, next, total + " in chunks of " + size);
                assertEquals(ranges.size(), spec.chunkCount());
            }
        }
    }

    @Test
    void theSeedsSplitOf4096In1366IsThreeChunks() {
        ExplorationSpec spec = ExplorationSpec.of("seed", 4096, 1366);
        assertEquals(List.of(new ChunkRange(0, 0, 1366), new ChunkRange(1, 1366, 1366), new ChunkRange(2, 2732, 1364)),
                spec.ranges());
    }

    @Test
    void badValuesAreNamedInTheMessage() {
        assertMessage(() -> ExplorationSpec.of(" ", 10, 1), "name");
        assertMessage(() -> ExplorationSpec.of("s", 0, 1), "totalCombinations must be at least 1; got 0");
        assertMessage(() -> ExplorationSpec.of("s", 10, 0), "chunkSize must be at least 1; got 0");
        assertMessage(() -> ExplorationSpec.of("s", 10, 1).withMaxFailures(0), "maxFailures must be at least 1; got 0");
        assertMessage(() -> ExplorationSpec.of("s", Long.MAX_VALUE / 2, 1), "use a larger chunk size");
        assertMessage(() -> ExplorationSpec.of("s", 10, 5).range(2), "no chunk 2");
    }

    private static void assertMessage(Runnable action, String expected) {
        RuntimeException e = assertThrows(RuntimeException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
