package dev.chunkcluster.examples.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows how far an exploration is: a live progress bar with the state, tested/total and an ETA on a terminal, or a
 * line every ten percent when the output goes to a file or a pipe.
 */
abstract class ProgressDisplay implements AutoCloseable {

    /** A bar when {@code interactive}, otherwise lines. */
    static ProgressDisplay create(PrintWriter out, long total, long alreadyTested, boolean interactive) {
        return interactive ? new Bar(out, total, alreadyTested) : new Lines(out, total, alreadyTested);
    }

    /** Whether this JVM writes to a terminal. */
    static boolean terminal() {
        return System.console() != null;
    }

    abstract void update(long tested, String state);

    /**
     * How often the display wants a fresh figure. Each read of the progress costs the machine a few milliseconds of
     * the CPU the workers use: a bar that redraws wants one twice a second, lines printed every ten percent far fewer.
     */
    abstract Duration refresh();

    /** Ends the display (the bar's last frame and a new line). Idempotent. */
    @Override
    public abstract void close();

    private static final class Bar extends ProgressDisplay {
        private final ProgressBar bar;
        private boolean closed;

        Bar(PrintWriter out, long total, long alreadyTested) {
            int width = terminalWidth();
            this.bar = new ProgressBarBuilder()
                    .setTaskName("explore")
                    .setInitialMax(total)
                    .startsFrom(alreadyTested, Duration.ZERO)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new WriterConsumer(out, width))
                    .build();
        }

        @Override
        Duration refresh() {
            return Duration.ofMillis(500);
        }

        @Override
        synchronized void update(long tested, String state) {
            if (!closed) {
                bar.stepTo(tested);
                bar.setExtraMessage(state);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                bar.close();
            }
        }

        private static int terminalWidth() {
            try {
                int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").strip());
                return Math.max(60, Math.min(columns, 160));
            } catch (NumberFormatException e) {
                return 100;
            }
        }
    }

    /** Renders the bar on the command's own writer, so tests and redirections see what a terminal sees. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter out;
        private final int width;

        WriterConsumer(PrintWriter out, int width) {
            this.out = out;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            out.print('\r');
            out.print(rendered);
            out.flush();
        }

        @Override
        public void close() {
            out.println();
            out.flush();
        }
    }

    private static final class Lines extends ProgressDisplay {
        private final PrintWriter out;
        private final long total;
        private final long alreadyTested;
        private final long startNanos = System.nanoTime();
        private long nextReport;
        private boolean closed;

        Lines(PrintWriter out, long total, long alreadyTested) {
            this.out = out;
            this.total = total;
            this.alreadyTested = alreadyTested;
            this.nextReport = step(alreadyTested);
        }

        private long step(long tested) {
            long tenth = Math.max(1, total / 10);
            return Math.min(total, (tested / tenth + 1) * tenth);
        }

        @Override
        Duration refresh() {
            return Duration.ofSeconds(2);
        }

        @Override
        synchronized void update(long tested, String state) {
            if (closed || tested < nextReport) {
                return;
            }
            nextReport = step(tested);
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            long done = tested - alreadyTested;
            String eta = done > 0 && tested < total
                    ? ", ETA " + clock((total - tested) * elapsed / done) : "";
            out.printf(Locale.ROOT, "explore %3d%% %,d/%,d %s, %s elapsed%s%n", tested * 100 / Math.max(1, total),
                    tested, total, state, clock(elapsed), eta);
            out.flush();
        }

        @Override
        public synchronized void close() {
            closed = true;
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
