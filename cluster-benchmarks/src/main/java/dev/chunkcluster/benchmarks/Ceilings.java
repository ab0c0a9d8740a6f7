package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The two ceilings {@link EndToEnd} measures beside each pair of runs: the workload's and the machine's. */
final class Ceilings {

    private Ceilings() {
    }

    /**
     * The workload's ceiling for two processes: two {@code explore --inline} runs of {@code half} combinations each,
     * started together; the seconds until both have exited. Each evaluates the first half of the sweep (a chunk of
     * the first half costs the same as one of the second), with its own JVM start and JIT warm-up, and no database,
     * coordinator or claim: what two workers would take if coordinating cost nothing. {@code years}, when given, is
     * passed on as {@code --years}.
     */
    static double runHalves(Path jar, Path directory, int run, long half, Integer years)
            throws IOException, InterruptedException {
        Path runDirectory = Files.createDirectories(directory.resolve("run" + run + "-halves"));
        List<String> command = new ArrayList<>(List.of(EndToEnd.javaExecutable(), "-jar",
                jar.toAbsolutePath().toString(), "explore", "--inline", "--combinations", Long.toString(half)));
        if (years != null) {
            command.addAll(List.of("--years", years.toString()));
        }
        List<Process> processes = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(command)
                    .directory(runDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDirectory.resolve("explore-" + i + ".log").toFile()).start());
        }
        long deadline = began + EndToEnd.RUN_LIMIT.toNanos();
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            Path log = runDirectory.resolve("explore-" + i + ".log");
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                processes.forEach(Process::destroyForcibly);
                throw new IllegalStateException("explore --inline --combinations " + half + " did not finish in "
                        + EndToEnd.RUN_LIMIT.toSeconds() + " s; see " + runDirectory);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("explore --inline --combinations " + half + " exited with "
                        + process.exitValue() + ": " + Files.readString(log));
            }
        }
        return (System.nanoTime() - began) / 1e9;
    }

    /** One share of the spin loop: about a second of one core of the reference machine. */
    static final long SPIN_ITERATIONS = 400_000_000L;

    private static volatile long spinSink;

    /**
     * The machine's ceiling for two CPU-bound processes: one share of a spin loop on one thread, then two shares on two
     * threads at once ({@code oneFirst}), or the other way round; returns how many times as much work per second the
     * two threads did (2.0: the two cores are as good as two machines).
     */
    static double spinScaling(boolean oneFirst) throws InterruptedException {
        spinSink = spin(SPIN_ITERATIONS / 10);
        long one = 0;
        long two = 0;
        for (boolean single : oneFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
            long began = System.nanoTime();
            if (single) {
                spinSink = spin(SPIN_ITERATIONS);
                one = System.nanoTime() - began;
            } else {
                Thread[] threads = new Thread[2];
                for (int t = 0; t < threads.length; t++) {
                    threads[t] = new Thread(() -> spinSink = spin(SPIN_ITERATIONS), "spin-" + t);
                    threads[t].start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                two = System.nanoTime() - began;
            }
        }
        return 2.0 * one / two;
    }

    /** A xorshift generator run {@code iterations} times: registers only, no memory, no allocation. */
    private static long spin(long iterations) {
        long x = 88172645463325252L;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
