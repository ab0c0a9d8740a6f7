package dev.chunkcluster.examples.backtest;

import java.util.Comparator;

/**
 * One parameter set with how it fared, flat so that it reads well as JSON and in a table.
 *
 * @param combination the index in {@link ParameterSpace}
 */
public record RankedResult(long combination, int fastLength, int slowLength, double atrMultiplier, double leverage,
                           double score, double cagr, double maxDrawdown, double sharpe, int trades) {

    /** Best first: higher score, then the lower combination index, so the order is total and repeatable. */
    public static final Comparator<RankedResult> BEST_FIRST = Comparator
            .comparingDouble(RankedResult::score).reversed()
            .thenComparingLong(RankedResult::combination);

    public static RankedResult of(Parameters parameters, Performance performance) {
        return new RankedResult(parameters.combination(), parameters.fastLength(), parameters.slowLength(),
                parameters.atrMultiplier(), parameters.leverage(), performance.score(), performance.cagr(),
                performance.maxDrawdown(), performance.sharpe(), performance.trades());
    }
}
