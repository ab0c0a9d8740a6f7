package dev.chunkcluster.examples.backtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the {@code limit} best results seen, in {@link RankedResult#BEST_FIRST} order. Because the order is total,
 * the best ten of a union is exactly the best ten of the union of each part's best ten: merging the chunks' top
 * tens gives the same answer as one pass over everything. Not thread-safe.
 */
public final class TopResults {

    private final int limit;
    /** Worst on top, so it is the one to drop. */
    private final PriorityQueue<RankedResult> heap;

    public TopResults(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a top list needs a limit of at least 1; got " + limit);
        }
        this.limit = limit;
        this.heap = new PriorityQueue<>(limit + 1, RankedResult.BEST_FIRST.reversed());
    }

    public void offer(RankedResult result) {
        heap.add(result);
        if (heap.size() > limit) {
            heap.poll();
        }
    }

    public void offerAll(Collection<RankedResult> results) {
        results.forEach(this::offer);
    }

    /** The kept results, best first. */
    public List<RankedResult> best() {
        List<RankedResult> sorted = new ArrayList<>(heap);
        sorted.sort(RankedResult.BEST_FIRST);
        return List.copyOf(sorted);
    }
}
