package dev.chunkcluster.process;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.chunkcluster.process.ProcessIdentity.Match.DIFFERENT;
import static dev.chunkcluster.process.ProcessIdentity.Match.SAME;
import static dev.chunkcluster.process.ProcessIdentity.Match.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcessIdentityTest {

    private static final Instant START = Instant.parse("2025-06-14T02:00:00.120Z");
    private static final String BOOT = "boot-1";

    private static Observation seen(Instant start, Long ticks, String boot) {
        return new Observation(42, null, start, ticks, boot, false);
    }

    @Test
    void ticksOfTheSameBootDecideEvenWhenTheWallClockWasStepped() {
        ProcessIdentity recorded = new ProcessIdentity(START, 1000L, BOOT);

        assertEquals(SAME, recorded.compare(seen(START, 1000L, BOOT)));
        assertEquals(SAME, recorded.compare(seen(START.plusSeconds(3), 1000L, BOOT)), "clock stepped since the launch");
        assertEquals(DIFFERENT, recorded.compare(seen(START, 1001L, BOOT)), "same instant to the ms, other ticks");
    }

    @Test
    void anotherBootIsAnotherProcess() {
        assertEquals(DIFFERENT, new ProcessIdentity(START, 1000L, BOOT).compare(seen(START, 1000L, "boot-2")));
    }

    @Test
    void withoutTicksTheInstantsMustBeEqual() {
        ProcessIdentity recorded = new ProcessIdentity(START, null, null);

        assertEquals(SAME, recorded.compare(seen(START, 1000L, BOOT)));
        assertEquals(DIFFERENT, recorded.compare(seen(START.plusMillis(10), 1001L, BOOT)));
        assertEquals(SAME, new ProcessIdentity(START, 1000L, BOOT).compare(seen(START, null, null)));
    }

    @Test
    void anUnreadableStartIsUnknownNeverSame() {
        assertEquals(UNKNOWN, new ProcessIdentity(START, 1000L, BOOT).compare(seen(null, 1000L, BOOT)));
        assertEquals(UNKNOWN, new ProcessIdentity(START, null, null).compare(seen(null, null, null)));
    }
}
