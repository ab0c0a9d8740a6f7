package dev.chunkcluster.examples.backtest;

/**
 * One point of the parameter space.
 *
 * @param combination   its index in {@link ParameterSpace}
 * @param fastLength    fast simple moving average, in bars
 * @param slowLength    slow simple moving average, in bars
 * @param atrMultiplier trailing stop distance in average true ranges
 * @param leverage      exposure as a multiple of equity
 */
public record Parameters(long combination, int fastLength, int slowLength, double atrMultiplier, double leverage) {

    public Parameters {
        if (fastLength < 1 || slowLength <= fastLength) {
            throw new IllegalArgumentException("moving averages need 1 <= fast < slow; got fast " + fastLength
                    + ", slow " + slowLength);
        }
        if (!(atrMultiplier > 0) || !(leverage > 0)) {
            throw new IllegalArgumentException("ATR multiplier and leverage must be positive; got " + atrMultiplier
                    + " and " + leverage);
        }
    }
}
