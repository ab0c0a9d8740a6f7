package dev.chunkcluster.process;

import java.time.Instant;

/**
 * A process as seen at one moment.
 *
 * @param handle       bound to the process seen; its own destroy re-checks the start time before signalling
 * @param startInstant null if it could not be read
 * @param startTicks   start in clock ticks since boot; null where unknown
 * @param bootId       null where unknown
 * @param exited       it runs no code of its own any more: a zombie waiting for its parent to reap it, or a process
 *                     inside its exit path
 */
record Observation(long pid, ProcessHandle handle, Instant startInstant, Long startTicks, String bootId,
                   boolean exited) {
}
