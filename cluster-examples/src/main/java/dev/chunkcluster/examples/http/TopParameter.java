package dev.chunkcluster.examples.http;

import dev.chunkcluster.examples.backtest.SweepEvaluator;

/** The {@code top=N} parameter of {@code GET /api/cluster/results}: 1 to 10, default 10. */
final class TopParameter {

    private TopParameter() {
    }

    static int of(String query) {
        if (query == null || query.isEmpty()) {
            return SweepEvaluator.TOP;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("top=")) {
                String value = pair.substring(4);
                try {
                    int top = Integer.parseInt(value);
                    if (top >= 1 && top <= SweepEvaluator.TOP) {
                        return top;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new HttpError(400, "top must be a whole number from 1 to " + SweepEvaluator.TOP + "; got '"
                        + Responses.quote(value) + "'");
            }
        }
        return SweepEvaluator.TOP;
    }
}
