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
 */
public record ControlBody(String action, boolean success, String message, @JsonProperty("isRunning") boolean isRunning,
                          long chunksReset, long totalPending, Processes processes) {

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
