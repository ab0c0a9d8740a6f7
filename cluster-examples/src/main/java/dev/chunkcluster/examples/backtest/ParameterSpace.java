package dev.chunkcluster.examples.backtest;

import java.util.List;

/**
 * The demo's parameter grid: 8 fast moving-average lengths × 8 slow lengths × 8 ATR trailing-stop multipliers × 8
 * leverages = {@value #SIZE} combinations. Combination {@code i} is decoded in mixed radix with leverage varying
 * fastest, so a chunk of consecutive combinations shares its moving averages.
 */
public final class ParameterSpace {

    /** Fast moving-average lengths, in hourly bars. */
    public static final List<Integer> FAST_LENGTHS = List.of(6, 9, 12, 18, 24, 36, 48, 72);
    /** Slow moving-average lengths, in hourly bars; every one is longer than every fast length. */
    public static final List<Integer> SLOW_LENGTHS = List.of(96, 120, 168, 240, 336, 480, 720, 1008);
    /** Trailing stop distance in multiples of the 14-bar average true range. */
    public static final List<Double> ATR_MULTIPLIERS = List.of(2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0);
    /** Exposure as a multiple of equity. */
    public static final List<Double> LEVERAGES = List.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0);

    /** Every combination of the four lists: 8 × 8 × 8 × 8. */
    public static final int SIZE = 4_096;

    static {
        int product = FAST_LENGTHS.size() * SLOW_LENGTHS.size() * ATR_MULTIPLIERS.size() * LEVERAGES.size();
        if (product != SIZE) {
            throw new ExceptionInInitializerError("the parameter lists make " + product + " combinations, not " + SIZE);
        }
    }

    private ParameterSpace() {
    }

    /** The parameters of combination {@code index}, 0 to {@value #SIZE} - 1. */
    public static Parameters decode(long index) {
        if (index < 0 || index >= SIZE) {
            throw new IndexOutOfBoundsException("the parameter space has combinations 0 to " + (SIZE - 1) + "; got "
                    + index);
        }
        int i = (int) index;
        int leverage = i % LEVERAGES.size();
        i /= LEVERAGES.size();
        int atr = i % ATR_MULTIPLIERS.size();
        i /= ATR_MULTIPLIERS.size();
        int slow = i % SLOW_LENGTHS.size();
        i /= SLOW_LENGTHS.size();
        int fast = i;
        return new Parameters(index, FAST_LENGTHS.get(fast), SLOW_LENGTHS.get(slow), ATR_MULTIPLIERS.get(atr),
                LEVERAGES.get(leverage));
    }
}
