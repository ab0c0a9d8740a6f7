package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.port.Lease;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Where a store's next PostgreSQL claim of an exploration starts looking: just past the last chunk it claimed.
 *
 * <p>A claimed chunk's old row version keeps its entry at the head of the pending index until a vacuum removes it, so a
 * claim that looks from index 0 steps over every chunk claimed since the last vacuum, and gets slower the further the
 * exploration has progressed. Claims that start past the chunks this store took step over only those that other
 * workers took since.
 *
 * <p>A hint, never a rule: chunks that go back to pending below it (a failure, an expired lease, a reset, a retry) are
 * found because a claim looks from index 0 again after this store put chunks back itself, at least once every
 * {@link #RESCAN}, and whenever it finds nothing past the head (the claim statement looks again from index 0 itself).
 */
final class QueueHeads {

    /** How long claims may start past the head before one looks from index 0 again. */
    static final Duration RESCAN = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;
    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    QueueHeads(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The first chunk index the next claim of {@code exploration} looks at: 0 when a look from the start is due. */
    int from(String exploration) {
        Head head = heads.get(exploration);
        if (head == null || nanoTime.getAsLong() - head.scannedFromStartAt() >= RESCAN.toNanos()) {
            return 0;
        }
        return head.next();
    }

    /**
     * Records the chunks a claim that looked from {@code from} took (null or none: nothing to record): the next claim
     * looks past the last of them. A chunk below {@code from} means the claim looked from index 0 again.
     */
    void claimed(String exploration, int from, @Nullable List<Lease> leases) {
        if (leases == null || leases.isEmpty()) {
            return;
        }
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (Lease lease : leases) {
            first = Math.min(first, lease.range().index());
            last = Math.max(last, lease.range().index());
        }
        int past = last + 1;
        boolean fromStart = from == 0 || first < from;
        heads.compute(exploration, (name, head) -> fromStart || head == null
                ? new Head(past, nanoTime.getAsLong())
                : new Head(past, head.scannedFromStartAt()));
    }

    /** This store put chunks of {@code exploration} back to pending: its next claim looks from index 0. */
    void requeued(String exploration) {
        heads.remove(exploration);
    }

    /** This store put chunks back to pending in explorations it cannot name: every next claim looks from index 0. */
    void requeuedAny() {
        heads.clear();
    }

    private record Head(int next, long scannedFromStartAt) {
    }
}
