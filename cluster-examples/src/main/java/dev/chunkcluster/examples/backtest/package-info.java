/**
 * The demo's workload: a moving-average and ATR-stop backtest swept over 4,096 parameter sets, and each
 * chunk's ten best results. Knows nothing of chunks' processes or stores.
 */
package dev.chunkcluster.examples.backtest;
