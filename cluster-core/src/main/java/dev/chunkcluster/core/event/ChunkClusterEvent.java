package dev.chunkcluster.core.event;

import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;

import java.time.Duration;
import java.util.List;

/**
 * Something that happened to an exploration, its chunks or its processes. Each event is published once, after the
 * store transaction that made it happen has ended, to every registered {@link ChunkClusterListener}.
 */
public sealed interface ChunkClusterEvent {

    /** The exploration the event belongs to. */
    String exploration();

    /** Calls the listener's callback for this kind of event. */
    void deliverTo(ChunkClusterListener listener);

    /** A worker loop began to claim chunks. */
    record WorkerStarted(String exploration, String worker) implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onWorkerStarted(this);
        }
    }

    /**
     * A worker loop ended.
     *
     * @param reason why: {@code drained}, {@code stopped} or {@code shutdown}
     */
    record WorkerEnded(String exploration, String worker, long completed, long failed, long abandoned,
                       String reason) implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onWorkerEnded(this);
        }
    }

    /** A worker claimed a chunk and is about to run the handler on it. */
    record ChunkClaimed(String exploration, String worker, LeaseToken token, ChunkRange range)
            implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onChunkClaimed(this);
        }
    }

    /**
     * A heartbeat renewed a chunk's lease. Published from the heartbeat's thread.
     *
     * @param tested the count the handler reported, carried by the renewal
     */
    record LeaseRenewed(String exploration, String worker, LeaseToken token, long tested)
            implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onLeaseRenewed(this);
        }
    }

    /**
     * A chunk's result was recorded.
     *
     * @param duration from the claim to the end of the handler
     */
    record ChunkCompleted(String exploration, String worker, LeaseToken token, Duration duration)
            implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onChunkCompleted(this);
        }
    }

    /**
     * A chunk's handler threw and the failure was recorded.
     *
     * @param error    the exception's simple class name and message, as stored
     * @param duration from the claim to the end of the handler
     */
    record ChunkFailed(String exploration, String worker, LeaseToken token, String error, Duration duration)
            implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onChunkFailed(this);
        }
    }

    /**
     * A worker gave a chunk up without recording anything: its lease was lost (stopped, expired, claimed by another
     * worker) or the worker was shutting down and released it.
     */
    record ChunkAbandoned(String exploration, String worker, LeaseToken token, String reason)
            implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onChunkAbandoned(this);
        }
    }

    /**
     * The health check found running chunks whose lease had expired (published only when it found some).
     *
     * @param requeued chunks put back to pending, one failure counted each
     * @param failed   chunks that reached max failures and are now failed
     */
    record LeasesExpired(String exploration, long requeued, long failed) implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onLeasesExpired(this);
        }
    }

    /**
     * Running chunks were reset to pending without counting a failure (published only when some were).
     *
     * @param cause        who reset them
     * @param reset        how many chunks
     * @param pendingAfter pending chunks after the reset
     */
    record ChunksReset(String exploration, ResetCause cause, long reset, long pendingAfter)
            implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onChunksReset(this);
        }
    }

    /** Who reset running chunks to pending. */
    enum ResetCause {
        /** Stop's database step. */
        STOP,
        /** Start, for the chunks a dead coordinator left running. */
        START,
        /** The health check, because no tracked process was alive. */
        HEALTH_CHECK
    }

    /** A Stop began. */
    record StopRequested(String exploration) implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onStopRequested(this);
        }
    }

    /**
     * A Stop ended; the fields are those of its report.
     *
     * @param success      true when both steps succeeded
     * @param chunksReset  running chunks put back to pending
     * @param totalPending pending chunks after the reset
     * @param processes    how each tracked process stopped
     * @param message      the report's line for a person
     * @param databaseStep how long the database step took
     * @param processStep  how long stopping the processes took
     */
    record StopFinished(String exploration, boolean success, long chunksReset, long totalPending,
                        List<ProcessStopOutcome> processes, String message, Duration databaseStep,
                        Duration processStep) implements ChunkClusterEvent {
        /** Copies {@code processes}. */
        public StopFinished {
            processes = List.copyOf(processes);
        }

        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onStopFinished(this);
        }
    }

    /** A coordinator or worker process was launched. */
    record ProcessLaunched(String exploration, TrackedProcess process) implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onProcessLaunched(this);
        }
    }

    /**
     * A process the supervisor launched is no longer alive (it exited, crashed or was stopped); seen at the
     * supervisor's next round.
     */
    record ProcessExited(String exploration, TrackedProcess process) implements ChunkClusterEvent {
        @Override
        public void deliverTo(ChunkClusterListener listener) {
            listener.onProcessExited(this);
        }
    }
}
