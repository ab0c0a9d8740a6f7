package dev.chunkcluster.examples.backtest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceSeriesTest {

    @Test
    void sameSeedGivesTheSameSeries() {
        PriceSeries a = PriceSeries.generate(7, 5_000);
        PriceSeries b = PriceSeries.generate(7, 5_000);
        for (int t = 0; t < a.size(); t++) {
            assertEquals(a.close(t), b.close(t));
            assertEquals(a.high(t), b.high(t));
            assertEquals(a.low(t), b.low(t));
        }
        assertNotEquals(a.close(4_999), PriceSeries.generate(8, 5_000).close(4_999));
    }

    @Test
    void barsAreConsistent() {
        PriceSeries series = PriceSeries.generate(PriceSeries.DEMO_SEED, 20_000);
        for (int t = 0; t < series.size(); t++) {
            assertTrue(series.low(t) > 0, "positive prices");
            assertTrue(series.low(t) <= series.close(t) && series.close(t) <= series.high(t), "low <= close <= high");
        }
    }

    @Test
    void aLongerDemoSeriesStartsWithTheBarsOfAShorterOne() {
        PriceSeries two = PriceSeries.generate(PriceSeries.DEMO_SEED, 2 * 8_760);
        PriceSeries three = PriceSeries.demo(3);
        assertEquals(3 * 8_760, three.size());
        for (int t = 0; t < two.size(); t++) {
            assertEquals(two.close(t), three.close(t));
        }
        assertEquals(PriceSeries.DEMO_YEARS * 8_760, PriceSeries.demo().size());
    }

    @Test
    void theYearsOfADemoSeriesAreValidatedNamingTheOption() {
        assertEquals("--years must be 1 to 600 (years of hourly prices each backtest runs over); got 0",
                assertThrows(IllegalArgumentException.class, () -> PriceSeries.demo(0)).getMessage());
        assertEquals("--years must be 1 to 600 (years of hourly prices each backtest runs over); got 601",
                assertThrows(IllegalArgumentException.class, () -> PriceSeries.checkYears(601)).getMessage());
    }

    @Test
    void needsAtLeastTwoBars() {
        assertThrows(IllegalArgumentException.class, () -> PriceSeries.generate(1, 1));
    }
}
