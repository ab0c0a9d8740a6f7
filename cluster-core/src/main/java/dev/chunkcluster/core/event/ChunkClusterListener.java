package dev.chunkcluster.core.event;

import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkAbandoned;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkClaimed;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkCompleted;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunkFailed;
import dev.chunkcluster.core.event.ChunkClusterEvent.ChunksReset;
import dev.chunkcluster.core.event.ChunkClusterEvent.LeaseRenewed;
import dev.chunkcluster.core.event.ChunkClusterEvent.LeasesExpired;
import dev.chunkcluster.core.event.ChunkClusterEvent.ProcessExited;
import dev.chunkcluster.core.event.ChunkClusterEvent.ProcessLaunched;
import dev.chunkcluster.core.event.ChunkClusterEvent.StopFinished;
import dev.chunkcluster.core.event.ChunkClusterEvent.StopRequested;
import dev.chunkcluster.core.event.ChunkClusterEvent.WorkerEnded;
import dev.chunkcluster.core.event.ChunkClusterEvent.WorkerStarted;

/**
 * Receives the events of an exploration: one callback per kind of event. Every callback does nothing unless
 * overridden, except that each one passes its event to {@link #onEvent}, so a listener that treats all events alike
 * (a log, an event stream) overrides that one method.
 *
 * <p>Callbacks run on the thread that caused the event (a worker's, a heartbeat's, the one calling Stop), after the
 * store transaction has ended; keep them short, and thread-safe. A callback that throws is logged and ignored: it
 * never changes what the policy does.
 */
public interface ChunkClusterListener {

    /** Called by every other callback that is not overridden. */
    default void onEvent(ChunkClusterEvent event) {
    }

    /** A worker loop began. */
    default void onWorkerStarted(WorkerStarted event) {
        onEvent(event);
    }

    /** A worker loop ended. */
    default void onWorkerEnded(WorkerEnded event) {
        onEvent(event);
    }

    /** A worker claimed a chunk. */
    default void onChunkClaimed(ChunkClaimed event) {
        onEvent(event);
    }

    /** A heartbeat renewed a lease. */
    default void onLeaseRenewed(LeaseRenewed event) {
        onEvent(event);
    }

    /** A chunk's result was recorded. */
    default void onChunkCompleted(ChunkCompleted event) {
        onEvent(event);
    }

    /** A chunk's failure was recorded. */
    default void onChunkFailed(ChunkFailed event) {
        onEvent(event);
    }

    /** A worker gave a chunk up without recording anything. */
    default void onChunkAbandoned(ChunkAbandoned event) {
        onEvent(event);
    }

    /** The health check put chunks with an expired lease back. */
    default void onLeasesExpired(LeasesExpired event) {
        onEvent(event);
    }

    /** Stop, Start or the health check reset running chunks to pending. */
    default void onChunksReset(ChunksReset event) {
        onEvent(event);
    }

    /** A Stop began. */
    default void onStopRequested(StopRequested event) {
        onEvent(event);
    }

    /** A Stop ended, with its report. */
    default void onStopFinished(StopFinished event) {
        onEvent(event);
    }

    /** A process was launched. */
    default void onProcessLaunched(ProcessLaunched event) {
        onEvent(event);
    }

    /** A launched process is no longer alive. */
    default void onProcessExited(ProcessExited event) {
        onEvent(event);
    }
}
