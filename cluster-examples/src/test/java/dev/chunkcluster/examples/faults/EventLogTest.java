package dev.chunkcluster.examples.faults;

import dev.chunkcluster.examples.faults.EventLog.Event;
import dev.chunkcluster.examples.faults.EventLog.Mark;
import dev.chunkcluster.examples.faults.EventLog.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventLogTest {

    @TempDir
    Path events;

    @Test
    void theEventsSinceAMarkAreThoseEachWorkerWroteAfterItWhicheverFileSortsFirst() {
        try (EventLog first = new EventLog(events, "worker-10240");
             EventLog second = new EventLog(events, "worker-10256")) {
            second.write(Type.RENEW, 1, 2, EventLog.BEGIN, null);
            second.write(Type.RENEW, 1, 2, "APPLIED", null);
            first.write(Type.CLAIM, 3, 1, "APPLIED", null);
            Mark mark = Mark.of(EventLog.readAll(events));

            first.write(Type.CLAIM, 4, 1, "APPLIED", null);
            first.write(Type.CLAIM, 5, 1, "APPLIED", null);
            second.write(Type.RENEW, 1, 2, EventLog.BEGIN, null);
            second.write(Type.RENEW, 1, 2, "STALE", null);

            // Joined file by file, the two old lines of worker-10256 sit past the old length of the joined list.
            assertEquals(List.of("worker-10240 CLAIM 4", "worker-10240 CLAIM 5", "worker-10256 RENEW 1 BEGIN",
                    "worker-10256 RENEW 1 STALE"), describe(mark.since(EventLog.readAll(events))));
        }
    }

    @Test
    void aCallsAnswerWrittenAfterTheMarkCountsOnlyIfTheCallBeganAfterIt() {
        try (EventLog log = new EventLog(events, "worker-7")) {
            log.write(Type.RENEW, 1, 2, EventLog.BEGIN, null);
            log.write(Type.COMPLETE, 1, 2, EventLog.BEGIN, "ab");
            Mark mark = Mark.of(EventLog.readAll(events));

            log.write(Type.RENEW, 1, 2, "APPLIED", null);
            log.write(Type.RENEW, 1, 2, EventLog.BEGIN, null);
            log.write(Type.RENEW, 1, 2, "STALE", null);
            log.write(Type.ABANDON, 1, 2, "-", null);

            assertEquals(List.of("worker-7 RENEW 1 STALE", "worker-7 ABANDON 1 -"),
                    describe(mark.callsSince(EventLog.readAll(events))));
        }
    }

    private static List<String> describe(List<Event> events) {
        return events.stream().map(e -> e.worker() + " " + e.type() + " " + e.chunk()
                + (e.type() == Type.CLAIM ? "" : " " + e.outcome())).toList();
    }
}
