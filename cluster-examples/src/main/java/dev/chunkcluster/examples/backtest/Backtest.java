package dev.chunkcluster.examples.backtest;

/**
 * A long/short trend-following strategy on hourly bars, simulated bar by bar:
 * <ul>
 *   <li>long while the fast simple moving average is above the slow one, short while below; a position opens at the
 *       close of the bar where the averages cross;</li>
 *   <li>a trailing stop {@code atrMultiplier} × ATR(14) behind the best close since entry closes the position; after a
 *       stop the strategy waits for the next cross;</li>
 *   <li>exposure is {@code leverage} × equity, rebalanced every bar; every entry and exit pays
 *       {@value #FEE_RATE} of the exposure, and the borrowed part pays {@value #FINANCING_PER_YEAR} a year;</li>
 *   <li>an account whose equity falls to {@value #RUIN_LEVEL} of its start is ruined and stops trading.</li>
 * </ul>
 * The score is the Calmar ratio: compound annual growth divided by the maximum drawdown.
 */
public final class Backtest {

    /** Fee per entry or exit, as a fraction of the exposure. */
    public static final double FEE_RATE = 0.0002;
    /** Yearly interest on the borrowed part of the exposure. */
    public static final double FINANCING_PER_YEAR = 0.05;
    /** Equity, as a fraction of the start, at which the account is ruined. */
    public static final double RUIN_LEVEL = 0.01;
    /** Bars of the average true range. */
    public static final int ATR_LENGTH = 14;

    private static final double MIN_DRAWDOWN = 0.01;

    private Backtest() {
    }

    public static Performance run(PriceSeries series, Parameters p) {
        final double[] high = series.highs();
        final double[] low = series.lows();
        final double[] close = series.closes();
        final int n = close.length;
        final int fast = p.fastLength();
        final int slow = p.slowLength();
        if (slow + 1 >= n) {
            throw new IllegalArgumentException("a slow average of " + slow + " bars needs a longer series than " + n
                    + " bars");
        }
        final double leverage = p.leverage();
        final double stopDistance = p.atrMultiplier();
        final double financingPerBar = Math.max(0.0, leverage - 1.0) * FINANCING_PER_YEAR / PriceSeries.BARS_PER_YEAR;

        double sumFast = 0;
        double sumSlow = 0;
        for (int t = 0; t < slow; t++) {
            sumSlow += close[t];
            if (t >= slow - fast) {
                sumFast += close[t];
            }
        }
        double atr = 0;
        for (int t = slow - ATR_LENGTH; t < slow; t++) {
            atr += trueRange(high, low, close, t);
        }
        atr /= ATR_LENGTH;

        double equity = 1.0;
        double peak = 1.0;
        double maxDrawdown = 0.0;
        double sumLog = 0.0;
        double sumLogSquared = 0.0;
        int side = 0;            // +1 long, -1 short, 0 flat
        int lastSignal = 0;      // the side the averages pointed to at the last bar
        double stop = 0.0;
        int trades = 0;
        int bars = 0;
        boolean ruined = false;

        for (int t = slow; t < n; t++) {
            double previousClose = close[t - 1];
            double before = equity;
            // 1. The open position earns this bar's move, unless the trailing stop is hit first.
            if (side != 0) {
                double exitPrice = close[t];
                boolean stopped = false;
                if (side > 0 && low[t] <= stop) {
                    exitPrice = stop;
                    stopped = true;
                } else if (side < 0 && high[t] >= stop) {
                    exitPrice = stop;
                    stopped = true;
                }
                double move = side * (exitPrice / previousClose - 1.0);
                equity *= 1.0 + leverage * move - financingPerBar;
                if (stopped) {
                    equity *= 1.0 - leverage * FEE_RATE;
                    side = 0;
                }
            }
            // 2. Indicators at this bar's close.
            sumFast += close[t] - close[t - fast];
            sumSlow += close[t] - close[t - slow];
            atr += (trueRange(high, low, close, t) - atr) / ATR_LENGTH;
            int signal = sumFast * slow > sumSlow * fast ? 1 : -1;
            // 3. A cross closes the open position and opens one the other way.
            if (signal != lastSignal) {
                if (side != 0) {
                    equity *= 1.0 - leverage * FEE_RATE;
                }
                side = signal;
                stop = close[t] - side * stopDistance * atr;
                equity *= 1.0 - leverage * FEE_RATE;
                trades++;
            } else if (side > 0) {
                stop = Math.max(stop, close[t] - stopDistance * atr);
            } else if (side < 0) {
                stop = Math.min(stop, close[t] + stopDistance * atr);
            }
            lastSignal = signal;
            bars++;
            if (equity <= RUIN_LEVEL) {
                equity = 0.0;
                ruined = true;
                maxDrawdown = 1.0;
                break;
            }
            double logReturn = Math.log(equity / before);
            sumLog += logReturn;
            sumLogSquared += logReturn * logReturn;
            if (equity > peak) {
                peak = equity;
            } else {
                double drawdown = 1.0 - equity / peak;
                if (drawdown > maxDrawdown) {
                    maxDrawdown = drawdown;
                }
            }
        }

        double years = (n - slow) / PriceSeries.BARS_PER_YEAR;
        double cagr = ruined ? -1.0 : Math.pow(equity, 1.0 / years) - 1.0;
        double sharpe = 0.0;
        if (!ruined && bars > 1) {
            double mean = sumLog / bars;
            double variance = sumLogSquared / bars - mean * mean;
            if (variance > 0) {
                sharpe = mean / Math.sqrt(variance) * Math.sqrt(PriceSeries.BARS_PER_YEAR);
            }
        }
        double score = cagr / Math.max(maxDrawdown, MIN_DRAWDOWN);
        return new Performance(score, cagr, maxDrawdown, sharpe, trades);
    }

    private static double trueRange(double[] high, double[] low, double[] close, int t) {
        double range = high[t] - low[t];
        if (t == 0) {
            return range;
        }
        double previous = close[t - 1];
        return Math.max(range, Math.max(Math.abs(high[t] - previous), Math.abs(low[t] - previous)));
    }
}
