package dev.chunkcluster.examples.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.examples.api.Json;
import dev.chunkcluster.examples.backtest.ChunkResult;
import dev.chunkcluster.examples.backtest.RankedResult;
import dev.chunkcluster.examples.backtest.SweepEvaluator;
import dev.chunkcluster.examples.backtest.TopResults;
import dev.chunkcluster.examples.faults.EventLog.Event;
import dev.chunkcluster.examples.faults.EventLog.Type;
import dev.chunkcluster.examples.support.Sql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.chunkcluster.examples.faults.EventLog.BEGIN;

/**
 * The check after every trial: the whole history of the run, from the database rows and the workers' event logs.
 * Returns every violation found (empty when the trial is clean) rather than stopping at the first.
 */
final class HistoryCheck {

    private static final SweepEvaluator EVALUATOR = SweepEvaluator.demo();

    private HistoryCheck() {
    }

    /**
     * What the check reads of a run.
     *
     * @param live       the run's processes still alive (there should be none)
     * @param sqliteFile the database file of a SQLite run, else null
     */
    record Run(List<Chunk> chunks, List<Event> events, ExplorationSpec spec, int poison, long offset, List<?> live,
               Path sqliteFile) {
    }

    static List<String> check(Trial trial) {
        return check(new Run(trial.chunks(), trial.events(), trial.spec, trial.poison, trial.offset, trial.live(),
                trial.database.isSqlite() ? trial.database.file() : null));
    }

    static List<String> check(Run trial) {
        List<String> problems = new ArrayList<>();
        List<Chunk> chunks = trial.chunks();
        List<Event> events = trial.events();

        // Nothing lost, nothing unexpected: one row per chunk of the spec, in order.
        if (chunks.size() != trial.spec().chunkCount()) {
            problems.add("expected " + trial.spec().chunkCount() + " chunks, found " + chunks.size());
        }
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            if (c.index() != i || !c.range().equals(trial.spec().range(i))) {
                problems.add("row " + i + " is chunk " + c.index() + " " + c.range() + ", expected " + trial.spec().range(i));
            }
        }
        if (!trial.live().isEmpty()) {
            problems.add("processes still alive after the drain: " + trial.live());
        }

        // Two claimers never get the same chunk and attempt.
        Map<String, List<Event>> claims = events.stream().filter(e -> e.type() == Type.CLAIM)
                .collect(Collectors.groupingBy(e -> e.chunk() + "/" + e.attempt()));
        claims.forEach((key, list) -> {
            if (list.size() > 1) {
                problems.add("chunk/attempt " + key + " claimed more than once: " + list);
            }
        });

        Map<Long, List<Event>> appliedCompletions = new HashMap<>();
        for (Event e : events) {
            if (e.type() == Type.COMPLETE && e.applied()) {
                appliedCompletions.computeIfAbsent(e.chunk(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Long, Chunk> byId = chunks.stream().collect(Collectors.toMap(Chunk::id, c -> c));
        for (Long id : appliedCompletions.keySet()) {
            if (!byId.containsKey(id)) {
                problems.add("a worker completed chunk id " + id + ", which is not in the exploration");
            }
        }

        TopResults merged = new TopResults(SweepEvaluator.TOP);
        TopResults inline = new TopResults(SweepEvaluator.TOP);
        for (Chunk c : chunks) {
            boolean poisoned = c.index() == trial.poison();
            if (c.status() == ChunkStatus.RUNNING) {
                problems.add("chunk " + c.index() + " is still running (worker " + c.assignedWorker() + ", dead)");
                continue;
            }
            if (poisoned) {
                if (c.status() != ChunkStatus.FAILED || c.failures() != trial.spec().maxFailures()) {
                    problems.add("poison chunk " + c.index() + " should be failed after " + trial.spec().maxFailures()
                            + " failures; it is " + c.status() + " with " + c.failures());
                }
                if (appliedCompletions.containsKey(c.id())) {
                    problems.add("poison chunk " + c.index() + " has a completion: " + appliedCompletions.get(c.id()));
                }
                continue;
            }
            inline.offerAll(EVALUATOR.evaluate(c.first() + trial.offset(), c.count(), n -> { }, () -> false).top());
            if (c.status() != ChunkStatus.COMPLETED) {
                problems.add("chunk " + c.index() + " should be completed; it is " + c.status() + " (failures "
                        + c.failures() + ", last error " + c.lastError() + ")");
                continue;
            }
            checkCompleted(trial, c, events, appliedCompletions.getOrDefault(c.id(), List.of()), problems);
            try {
                merged.offerAll(ChunkResult.fromJson(c.result()).top());
            } catch (IllegalArgumentException e) {
                problems.add("chunk " + c.index() + " result is not a result document: " + e.getMessage());
            }
        }
        List<RankedResult> expected = inline.best();
        List<RankedResult> actual = merged.best();
        if (!expected.equals(actual)) {
            problems.add("the ten best sets differ from explore --inline: expected " + expected + ", got " + actual);
        }

        if (trial.sqliteFile() != null) {
            List<String> integrity = Sql.query(trial.sqliteFile(), "PRAGMA integrity_check");
            if (!integrity.equals(List.of("ok"))) {
                problems.add("PRAGMA integrity_check: " + integrity);
            }
        }
        return problems;
    }

    private static void checkCompleted(Run trial, Chunk c, List<Event> events, List<Event> applied,
                                       List<String> problems) {
        String where = "chunk " + c.index() + " (id " + c.id() + ", attempt " + c.attempt() + ", " + c.assignedWorker()
                + ")";
        String digest = EventLog.digest(c.result());
        if (applied.size() > 1) {
            problems.add(where + " recorded more than once: " + applied);
        }
        for (Event e : applied) {
            if (e.attempt() != c.attempt() || !e.worker().equals(c.assignedWorker()) || !e.digest().equals(digest)) {
                problems.add(where + ": the applied completion " + e + " is not the one on the row (digest " + digest
                        + ")");
            }
        }
        if (applied.isEmpty()) {
            // The worker may have died between the commit and its log line: its BEGIN must then match the row.
            boolean begun = events.stream().anyMatch(e -> e.type() == Type.COMPLETE && BEGIN.equals(e.outcome())
                    && e.chunk() == c.id() && e.attempt() == c.attempt() && e.worker().equals(c.assignedWorker())
                    && e.digest().equals(digest));
            boolean answered = events.stream().anyMatch(e -> e.type() == Type.COMPLETE && e.chunk() == c.id()
                    && e.attempt() == c.attempt() && e.worker().equals(c.assignedWorker())
                    && !BEGIN.equals(e.outcome()));
            if (!begun || answered) {
                problems.add(where + " is completed but no worker's completion of that attempt explains it");
            }
        }
        try {
            JsonNode result = Json.mapper().readTree(c.result());
            if (result.path("attempt").asInt() != c.attempt()
                    || !result.path("worker").asText().equals(c.assignedWorker())
                    || result.path("first").asLong() != c.first() + trial.offset()
                    || result.path("count").asLong() != c.count()) {
                problems.add(where + ": the result on the row is not that attempt's: " + c.result());
            }
        } catch (Exception e) {
            problems.add(where + ": unreadable result: " + e.getMessage());
        }
        if (c.tested() != c.count()) {
            problems.add(where + ": tested " + c.tested() + " of " + c.count());
        }
    }
}
