package dev.chunkcluster.core.status;

import org.jspecify.annotations.Nullable;

/**
 * What the counts alone cannot tell: whether running chunks still have someone working on them.
 *
 * @param expiredLeases    running chunks whose lease has run out (works across hosts)
 * @param processesChecked whether local processes were looked at
 * @param liveProcesses    tracked coordinator and worker processes alive (0 when not checked)
 * @param staleRunning     running chunks nobody is working on: all of them when processes were checked and none is
 *                         alive, otherwise those with an expired lease
 */
public record Health(long expiredLeases, boolean processesChecked, int liveProcesses, long staleRunning) {

    /** Health from the running count, the expired leases and, where known, the live process count (else null). */
    public static Health of(long running, long expiredLeases, @Nullable Integer liveProcesses) {
        boolean checked = liveProcesses != null;
        int live = checked ? liveProcesses : 0;
        long stale = checked && live == 0 ? running : Math.min(expiredLeases, running);
        return new Health(expiredLeases, checked, live, stale);
    }

    /** Whether no running chunk is stale. */
    public boolean healthy() {
        return staleRunning == 0;
    }

    /** One line for a person: what is wrong and what to do, or that all is well. */
    public String message() {
        if (healthy()) {
            return "ok";
        }
        if (processesChecked && liveProcesses == 0) {
            return staleRunning + " chunks are marked running but no coordinator or worker process is alive;"
                    + " Stop (or the health check) resets them to pending";
        }
        return staleRunning + " running chunks have an expired lease (their worker died or hangs);"
                + " the health check resets them to pending";
    }
}
