package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.ProcessStopOutcome.Kind;

import java.util.List;

/**
 * What a Stop did.
 *
 * @param success      true when the database step and every process stop succeeded
 * @param chunksReset  running chunks put back to pending (0 when the database step failed)
 * @param totalPending pending chunks after the reset (0 when the database step failed)
 * @param processes    one outcome per tracked process
 * @param message      one line for a person: what happened, and on failure why and how to fix it
 */
public record StopReport(boolean success, long chunksReset, long totalPending, List<ProcessStopOutcome> processes,
                         String message) {

    /** Copies {@code processes}. */
    public StopReport {
        processes = List.copyOf(processes);
    }

    /** How many processes ended as {@code kind}. */
    public long count(Kind kind) {
        return processes.stream().filter(outcome -> outcome.kind() == kind).count();
    }
}
