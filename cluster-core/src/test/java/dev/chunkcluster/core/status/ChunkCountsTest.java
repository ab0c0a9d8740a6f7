package dev.chunkcluster.core.status;

import dev.chunkcluster.core.chunk.ChunkStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkCountsTest {

    @Test
    void totalIsTheSumOfTheStatuses() {
        ChunkCounts counts = ChunkCounts.of(1, 2, 3, 4);
        assertEquals(10, counts.total());
        assertEquals(3, counts.count(ChunkStatus.COMPLETED));
    }

    @Test
    void inconsistentCountsAreRefusedWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChunkCounts(5, 1, 1, 1, 1));
        assertTrue(e.getMessage().contains("total 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChunkCounts.of(-1, 0, 0, 1));
    }
}
