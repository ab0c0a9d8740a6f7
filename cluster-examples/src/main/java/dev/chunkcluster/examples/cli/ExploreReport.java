package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.api.ResultsBody;
import dev.chunkcluster.examples.backtest.SweepEvaluator;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code explore} prints at its end: the time and the best parameter sets, or why it ended early and what to do.
 * With {@code --json}, only the results, as the body of {@code GET /api/cluster/results}.
 */
final class ExploreReport {

    private final PrintWriter out;
    private final PrintWriter messages;
    private final boolean json;

    /**
     * @param out      standard output
     * @param messages where progress and messages go: {@code out}, or nowhere with {@code --json}
     */
    ExploreReport(PrintWriter out, PrintWriter messages, boolean json) {
        this.out = out;
        this.messages = messages;
        this.json = json;
    }

    PrintWriter messages() {
        return messages;
    }

    void results(ResultsBody results) {
        if (json) {
            out.println(Json.write(results));
            out.flush();
        } else {
            ResultsTable.print(out, results);
        }
    }

    /**
     * The end of a run of {@code workers} workers that took {@code seconds}; returns the exit code, or a failure's
     * one line through {@code fail}.
     */
    int end(ExploreMonitor.Outcome outcome, ClusterApi api, ExplorationSpec spec, int workers, double seconds,
            long alreadyTested, DbCommand command) {
        ClusterStatus status = api.view().status();
        switch (outcome) {
            case COMPLETE -> {
                long total = status.progress().tested();
                if (alreadyTested == 0) {
                    messages.printf(Locale.ROOT, "Explored %,d combinations in %d chunks with %d workers in %.1f s%n",
                            total, spec.chunkCount(), workers, seconds);
                } else {
                    messages.printf(Locale.ROOT, "Explored all %,d combinations in %d chunks; this run tested the"
                                    + " last %,d with %d workers in %.1f s%n", total, spec.chunkCount(),
                            total - alreadyTested, workers, seconds);
                }
                results(api.results(SweepEvaluator.TOP));
                return 0;
            }
            case IDLE -> {
                if (!json) {
                    ResultsTable.print(out, api.results(SweepEvaluator.TOP));
                }
                return command.fail("the exploration ended with " + status.chunks().failed()
                        + " failed chunks (each failed " + spec.maxFailures() + " times); see the worker logs in "
                        + "the directory beside the database, then run `explore --retry-failed`");
            }
            case STOPPED_ELSEWHERE -> {
                return command.fail("the exploration was stopped by another command (" + status.chunks().pending()
                        + " chunks pending); run explore again to resume");
            }
            case COORDINATOR_GONE -> {
                return command.fail("the coordinator exited before the exploration finished and no worker is alive ("
                        + status.chunks().pending() + " chunks pending); see its log in the directory beside the"
                        + " database, then run explore again to resume");
            }
            default -> {
                return Failures.INTERRUPTED;
            }
        }
    }
}
