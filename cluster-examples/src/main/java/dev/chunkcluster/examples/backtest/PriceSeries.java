package dev.chunkcluster.examples.backtest;

import java.util.Random;

/**
 * A synthetic market: hourly bars of a market that trades around the clock, generated from a fixed seed so that every
 * run (and every worker process) sees exactly the same prices without downloading anything.
 *
 * <p>The generator switches between bull, bear and sideways regimes (a Markov chain) and clusters volatility
 * (GARCH(1,1)), so trend-following settings really do differ in how they fare. {@link Random} is used because its
 * algorithm, including {@code nextGaussian}, is specified: the same seed gives the same series on every JVM.
 */
public final class PriceSeries {

    /** The seed of the demo series. */
    public static final long DEMO_SEED = 20_240_101L;
    /** Bars per year, for annualising. */
    public static final double BARS_PER_YEAR = 8_760.0;
    /** Years of the demo series unless {@code --years} says otherwise. */
    public static final int DEMO_YEARS = 20;
    /** The fewest years a demo series may have: one year outlasts the longest slow average. */
    public static final int MIN_YEARS = 1;
    /** The most years a demo series may have: its three arrays take about 0.2 MB a year, 121 MB at 600 years. */
    public static final int MAX_YEARS = 600;

    /** The demo series generated last in this JVM: every node of a sweep asks for the same years. */
    private static volatile PriceSeries demo;

    private final double[] high;
    private final double[] low;
    private final double[] close;

    private PriceSeries(double[] high, double[] low, double[] close) {
        this.high = high;
        this.low = low;
        this.close = close;
    }

    /** The demo series ({@link #DEMO_SEED}, {@link #DEMO_YEARS} years), generated once per JVM on first use. */
    public static PriceSeries demo() {
        return demo(DEMO_YEARS);
    }

    /**
     * The demo series over {@code years} years of hourly bars from {@link #DEMO_SEED}, generated once per JVM on
     * first use. A longer series starts with the bars of a shorter one, and makes every backtest proportionally
     * longer.
     *
     * @throws IllegalArgumentException naming {@code --years} when {@code years} is outside {@link #MIN_YEARS} to
     *                                  {@link #MAX_YEARS}
     */
    public static PriceSeries demo(int years) {
        checkYears(years);
        int bars = years * (int) BARS_PER_YEAR;
        PriceSeries series = demo;
        if (series == null || series.size() != bars) {
            synchronized (PriceSeries.class) {
                series = demo;
                if (series == null || series.size() != bars) {
                    series = generate(DEMO_SEED, bars);
                    demo = series;
                }
            }
        }
        return series;
    }

    /**
     * Checks the years of a demo series.
     *
     * @return {@code years}
     * @throws IllegalArgumentException naming {@code --years}, the value and the range
     */
    public static int checkYears(int years) {
        if (years < MIN_YEARS || years > MAX_YEARS) {
            throw new IllegalArgumentException("--years must be " + MIN_YEARS + " to " + MAX_YEARS
                    + " (years of hourly prices each backtest runs over); got " + years);
        }
        return years;
    }

    /** A series of {@code bars} hourly bars from {@code seed}. */
    public static PriceSeries generate(long seed, int bars) {
        if (bars < 2) {
            throw new IllegalArgumentException("a price series needs at least 2 bars; got " + bars);
        }
        Random random = new Random(seed);
        double[] high = new double[bars];
        double[] low = new double[bars];
        double[] close = new double[bars];

        // Regimes: 0 bull, 1 bear, 2 sideways. Drift per bar and the chance per bar to leave the regime.
        double[] drift = {0.00006, -0.00005, 0.0};
        double leave = 1.0 / 3_000.0;
        int regime = 2;

        // GARCH(1,1) on hourly returns: long-run volatility about 0.25 % per hour.
        double omega = 0.000_000_0625;
        double alpha = 0.06;
        double beta = 0.93;
        double variance = omega / (1 - alpha - beta);

        double price = 100.0;
        double previousReturn = 0.0;
        for (int t = 0; t < bars; t++) {
            if (random.nextDouble() < leave) {
                regime = (regime + 1 + random.nextInt(2)) % 3;
            }
            variance = omega + alpha * previousReturn * previousReturn + beta * variance;
            double volatility = Math.sqrt(variance);
            double r = drift[regime] + volatility * random.nextGaussian();
            double open = price;
            price = open * Math.exp(r);
            double wickUp = Math.abs(random.nextGaussian()) * volatility * 0.6;
            double wickDown = Math.abs(random.nextGaussian()) * volatility * 0.6;
            high[t] = Math.max(open, price) * (1.0 + wickUp);
            low[t] = Math.min(open, price) * (1.0 - wickDown);
            close[t] = price;
            previousReturn = r;
        }
        return new PriceSeries(high, low, close);
    }

    /** The bytes the demo series over {@code years} years holds: three arrays of doubles, one entry per bar. */
    public static long bytes(int years) {
        return 3L * Double.BYTES * years * (long) BARS_PER_YEAR;
    }

    public int size() {
        return close.length;
    }

    public double high(int bar) {
        return high[bar];
    }

    public double low(int bar) {
        return low[bar];
    }

    public double close(int bar) {
        return close[bar];
    }

    /** Direct access for the backtest's inner loop; never modify. */
    double[] highs() {
        return high;
    }

    double[] lows() {
        return low;
    }

    double[] closes() {
        return close;
    }
}
