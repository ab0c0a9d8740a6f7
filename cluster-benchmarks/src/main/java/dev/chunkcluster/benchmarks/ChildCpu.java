package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of processes this JVM started and waited for, as the OS accounts it: {@code cutime + cstime} of
 * {@code /proc/self/stat}, which hold the user and system time of every reaped child, each with the time of the
 * children it reaped in turn. Read before a run and after the run's process exited, the difference is the CPU of that
 * process and of every descendant reaped inside its tree ({@code explore}, its coordinator, the coordinator's
 * workers), whenever in the run it was spent.
 */
final class ChildCpu {

    /** Clock ticks per second of {@code /proc}'s times: {@code getconf CLK_TCK}, 100 on Linux. */
    static final double TICKS_PER_SECOND = 100.0;

    private ChildCpu() {
    }

    /** Seconds of CPU of this JVM's reaped children so far, or NaN where the OS does not tell. */
    static double reapedChildrenSeconds() {
        try {
            return reapedChildrenSeconds(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {@code cutime + cstime} (fields 16 and 17) of a {@code /proc/PID/stat} line, in seconds. */
    static double reapedChildrenSeconds(String stat) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long cutime = Long.parseLong(fields[16 - 3]);
        long cstime = Long.parseLong(fields[17 - 3]);
        return (cutime + cstime) / TICKS_PER_SECOND;
    }
}
