package dev.chunkcluster.examples.backtest;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Evaluates a range of combinations of the sweep and keeps the best {@value #TOP}. Used the same way by a worker (one
 * chunk) and by {@code explore --inline} (the whole space), so both rank exactly alike.
 */
public final class SweepEvaluator {

    /** Results kept per chunk, and the size of the final ranking. */
    public static final int TOP = 10;

    private final PriceSeries series;

    public SweepEvaluator(PriceSeries series) {
        this.series = series;
    }

    /** An evaluator on {@link PriceSeries#demo()}, which is generated once per JVM, on the first call. */
    public static SweepEvaluator demo() {
        return new SweepEvaluator(PriceSeries.demo());
    }

    /**
     * An evaluator on {@link PriceSeries#demo(int)} over {@code years}, generated once per JVM, on the first call.
     *
     * @throws IllegalArgumentException naming {@code --years} when it is out of range
     */
    public static SweepEvaluator demo(int years) {
        return new SweepEvaluator(PriceSeries.demo(years));
    }

    /**
     * Runs combinations {@code [first, first + count)}.
     *
     * @param tested    told the number of combinations done after each one
     * @param abandoned checked before each combination; when true, evaluation stops with a
     *                  {@link CancellationException}
     */
    public ChunkResult evaluate(long first, long count, LongConsumer tested, BooleanSupplier abandoned) {
        if (first < 0 || count < 1 || first + count > ParameterSpace.SIZE) {
            throw new IllegalArgumentException("combinations " + first + " to " + (first + count - 1)
                    + " are outside the parameter space of " + ParameterSpace.SIZE);
        }
        TopResults top = new TopResults(TOP);
        for (long i = 0; i < count; i++) {
            if (abandoned.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("stopped after " + i + " of " + count + " combinations");
            }
            Parameters parameters = ParameterSpace.decode(first + i);
            top.offer(RankedResult.of(parameters, Backtest.run(series, parameters)));
            tested.accept(i + 1);
        }
        return ChunkResult.of(first, count, count, top.best());
    }
}
