package dev.chunkcluster.core.status;

import dev.chunkcluster.core.chunk.DesiredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterStateTest {

    @ParameterizedTest(name = "pending {0}, running {1}, completed {2}, failed {3} -> {4}")
    @CsvSource({
            "0, 0, 0, 0, IDLE",
            "3, 0, 0, 0, PENDING",
            "0, 3, 0, 0, PROCESSING",
            "0, 0, 3, 0, COMPLETE",
            "0, 0, 2, 1, IDLE",
            "0, 0, 0, 3, IDLE",
            "1, 1, 1, 1, PROCESSING",
            "2, 0, 1, 0, PENDING",
            "1, 0, 0, 5, PENDING",
            "0, 1, 10, 0, PROCESSING",
    })
    void namedCasesOfTheTruthTable(long pending, long running, long completed, long failed, ClusterState expected) {
        assertEquals(expected, ClusterState.of(ChunkCounts.of(pending, running, completed, failed)));
    }

    @Test
    void everyCombinationOfSmallCountsFollowsTheRulesInOrder() {
        int checked = 0;
        for (int pending = 0; pending <= 4; pending++) {
            for (int running = 0; running <= 4; running++) {
                for (int completed = 0; completed <= 4; completed++) {
                    for (int failed = 0; failed <= 4; failed++) {
                        ChunkCounts counts = ChunkCounts.of(pending, running, completed, failed);
                        ClusterState expected;
                        if (running > 0) {
                            expected = ClusterState.PROCESSING;
                        } else if (pending > 0) {
                            expected = ClusterState.PENDING;
                        } else if (failed == 0 && completed > 0) {
                            expected = ClusterState.COMPLETE;
                        } else {
                            expected = ClusterState.IDLE;
                        }
                        assertEquals(expected, ClusterState.of(counts), counts.toString());
                        checked++;
                    }
                }
            }
        }
        assertEquals(625, checked);
    }

    @Test
    void pendingStateShowsThePendingCount() {
        ClusterStatus status = ClusterStatus.of("sweep", DesiredState.STOPPED, ChunkCounts.of(3, 0, 0, 0),
                new Progress(0, 4096), Health.of(0, 0, 0));
        assertEquals("PENDING (3 pending)", status.describeState());
        assertEquals(false, status.isRunning());
    }
}
