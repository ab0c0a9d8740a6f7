package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.port.NodeRecord;

import java.util.Locale;
import java.util.Objects;

/**
 * What one node (an agent, for its host's workers) did for a Stop.
 *
 * @param detail a short note for a person
 */
public record NodeStopResult(NodeRecord node, Outcome outcome, String detail) {

    /** How the node's workers ended. */
    public enum Outcome {
        /** Its workers exited after SIGTERM within the grace period. */
        STOPPED,
        /** Some were killed with SIGKILL after the grace period. */
        FORCED,
        /** It had no live workers. */
        ALREADY_GONE,
        /** It could not stop some of them. */
        FAILED,
        /**
         * It did not answer: no heartbeat for longer than the lease, or no outcome in time. Not a failure of the
         * Stop: its chunks are already pending, and its workers' late writes are refused.
         */
        UNREACHABLE;

        /** The lower-case label of the JSON and the CLI: {@code stopped}, {@code forced}, {@code already gone}... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** Checks that the values are present. */
    public NodeStopResult {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
