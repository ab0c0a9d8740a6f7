package dev.chunkcluster.examples.backtest;

/**
 * How one parameter set fared.
 *
 * @param score       the Calmar ratio, {@code cagr / max(maxDrawdown, 1 %)}: the ranking metric
 * @param cagr        compound annual growth rate, -1 when the account was ruined
 * @param maxDrawdown largest fall from a peak of equity, 0 to 1
 * @param sharpe      annualised Sharpe ratio of hourly log returns (no risk-free rate)
 * @param trades      positions opened
 */
public record Performance(double score, double cagr, double maxDrawdown, double sharpe, int trades) {
}
