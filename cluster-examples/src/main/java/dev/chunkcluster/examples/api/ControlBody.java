package dev.chunkcluster.examples.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The body of {@code POST /api/cluster/control}, also printed by {@code start --json} and {@code stop --json}.
 *
 * @param success      whether the action did all it should (Stop: database reset and every process stopped)
 * @param message      one line for a person
 * @param isRunning    whether a tracked process of the exploration is alive afterwards
 * @param chunksReset  running chunks put back to pending
 * @param totalPending pending chunks afterwards
 * @param nodes        what each host's agent did (Stop) or was told (Start); empty without agents
 */
public record ControlBody(String action, boolean success, String message, @JsonProperty("isRunning") boolean isRunning,
                          long chunksReset, long totalPending, Processes processes, List<NodeOutcome> nodes) {

    public ControlBody {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param outcome Stop: {@code stopped}, {@code forced}, {@code already gone}, {@code failed} or
     *                {@code unreachable}; Start: {@code notified}
     * @param detail  a short note for a person
     */
    public record NodeOutcome(String host, String role, long pid, String outcome, String detail) {
    }

    /**
     * What happened to processes: how many were launched (Start) or stopped, forced, already gone or failed (Stop),
     * and one line per process.
     */
    public record Processes(int launched, int stopped, int forced, int alreadyGone, int failed,
                            List<Outcome> details) {

        public Processes {
            details = List.copyOf(details);
        }
    }

    /**
     * @param outcome {@code launched}, {@code already running}, {@code stopped}, {@code forced},
     *                {@code already gone} or {@code failed}
     */
    public record Outcome(String role, long pid, String outcome, String detail) {
    }
}
