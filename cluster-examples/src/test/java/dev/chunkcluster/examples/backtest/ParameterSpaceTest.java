package dev.chunkcluster.examples.backtest;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterSpaceTest {

    @Test
    void hasExactly4096DistinctCombinations() {
        assertEquals(4096, ParameterSpace.SIZE);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ParameterSpace.SIZE; i++) {
            Parameters p = ParameterSpace.decode(i);
            assertEquals(i, p.combination());
            assertTrue(p.fastLength() < p.slowLength(), "fast below slow at " + i);
            seen.add(p.fastLength() + "/" + p.slowLength() + "/" + p.atrMultiplier() + "/" + p.leverage());
        }
        assertEquals(ParameterSpace.SIZE, seen.size());
    }

    @Test
    void leverageVariesFastest() {
        Parameters first = ParameterSpace.decode(0);
        Parameters second = ParameterSpace.decode(1);
        assertEquals(first.fastLength(), second.fastLength());
        assertEquals(first.atrMultiplier(), second.atrMultiplier());
        assertEquals(ParameterSpace.LEVERAGES.get(1), second.leverage());
        assertEquals(ParameterSpace.FAST_LENGTHS.get(7), ParameterSpace.decode(4095).fastLength());
    }

    @Test
    void refusesIndexesOutsideTheSpace() {
        assertThrows(IndexOutOfBoundsException.class, () -> ParameterSpace.decode(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> ParameterSpace.decode(4096));
    }
}
