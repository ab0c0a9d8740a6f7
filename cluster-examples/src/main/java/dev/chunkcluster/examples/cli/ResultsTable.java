package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ResultsBody;

import java.io.PrintWriter;
import java.util.Locale;

/** The ranking as a table for people. */
public final class ResultsTable {

    private ResultsTable() {
    }

    public static void print(PrintWriter out, ResultsBody results) {
        String scope = results.complete()
                ? String.format(Locale.ROOT, "all %,d combinations", results.totalCombinations())
                : String.format(Locale.ROOT, "%,d of %,d combinations tested so far", results.testedCombinations(),
                results.totalCombinations());
        out.println("Best " + results.top().size() + " parameter sets of " + scope
                + ", by Calmar ratio (CAGR / max drawdown):");
        if (results.top().isEmpty()) {
            out.println("  (no chunk completed yet)");
            return;
        }
        out.println(" rank  combo  fast  slow  ATR stop  leverage   score     CAGR   max DD  Sharpe  trades");
        for (ResultsBody.Entry e : results.top()) {
            out.printf(Locale.ROOT, " %4d  %5d  %4d  %4d  %6.1fx  %7.1fx  %6.3f  %6.2f%%  %6.2f%%  %6.2f  %6d%n",
                    e.rank(), e.combination(), e.fastLength(), e.slowLength(), e.atrMultiplier(), e.leverage(),
                    e.score(), e.cagr() * 100, e.maxDrawdown() * 100, e.sharpe(), e.trades());
        }
        out.flush();
    }
}
