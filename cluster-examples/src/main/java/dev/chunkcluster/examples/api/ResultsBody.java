package dev.chunkcluster.examples.api;

import dev.chunkcluster.examples.backtest.RankedResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code GET /api/cluster/results?top=N}, also printed by {@code results --json}: the best parameter sets
 * recorded so far, merged from the completed chunks' own top tens.
 *
 * @param metric   what {@code score} measures
 * @param complete whether every chunk is completed, so the ranking is final
 */
public record ResultsBody(String exploration, String metric, long totalCombinations, long testedCombinations,
                          long totalChunks, long completedChunks, boolean complete, List<Entry> top) {

    public ResultsBody {
        top = List.copyOf(top);
    }

    /** The entries for {@code ranked}, which is best first; ranks start at 1. */
    public static List<Entry> entries(List<RankedResult> ranked) {
        List<Entry> entries = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            RankedResult r = ranked.get(i);
            entries.add(new Entry(i + 1, r.combination(), r.fastLength(), r.slowLength(), r.atrMultiplier(),
                    r.leverage(), r.score(), r.cagr(), r.maxDrawdown(), r.sharpe(), r.trades()));
        }
        return List.copyOf(entries);
    }

    /** One ranked parameter set. */
    public record Entry(int rank, long combination, int fastLength, int slowLength, double atrMultiplier,
                        double leverage, double score, double cagr, double maxDrawdown, double sharpe, int trades) {
    }
}
