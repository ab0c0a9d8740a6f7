package dev.chunkcluster.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each read of the progress takes CPU from the workers: lines printed every ten percent need far fewer than a bar. */
class ProgressDisplayTest {

    @Test
    void aBarIsFedTwiceASecondAndLinesEveryTwoSeconds() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay bar = ProgressDisplay.create(new PrintWriter(text), 100, 0, true);
             ProgressDisplay lines = ProgressDisplay.create(new PrintWriter(text), 100, 0, false)) {
            assertEquals(Duration.ofMillis(500), bar.refresh());
            assertEquals(Duration.ofSeconds(2), lines.refresh());
        }
    }
}
