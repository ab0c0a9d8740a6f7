package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.port.TrackedProcess;

import java.util.Optional;

/**
 * What a Start did.
 *
 * @param launched     whether a coordinator was launched now
 * @param chunksReset  stale running chunks put back to pending before launching
 * @param totalPending pending chunks after that reset
 * @param coordinator  the coordinator now in charge (launched now or already running), if any
 * @param message      one line for a person
 */
public record StartReport(boolean launched, long chunksReset, long totalPending, Optional<TrackedProcess> coordinator,
                         String message) {
}
