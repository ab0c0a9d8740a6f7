package dev.chunkcluster.examples.cli;

import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ControlBody;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C while {@code explore} runs: a shutdown hook that runs the database-first Stop (through {@link ClusterApi},
 * so through {@link dev.chunkcluster.core.policy.StopPolicy} like every other Stop) and prints what it reset.
 */
final class CtrlCStop {

    private final ClusterApi api;
    private final PrintWriter out;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread hook;
    private volatile ProgressDisplay display;
    private boolean armed;

    CtrlCStop(ClusterApi api, PrintWriter out) {
        this.api = api;
        this.out = out;
        this.hook = new Thread(this::stop, "explore-ctrl-c");
    }

    /** The display to close before the Stop prints. */
    void display(ProgressDisplay display) {
        this.display = display;
    }

    void arm() {
        Runtime.getRuntime().addShutdownHook(hook);
        armed = true;
    }

    void disarm() {
        if (armed && !fired.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
            armed = false;
        }
    }

    boolean fired() {
        return fired.get();
    }

    /** The JVM is shutting down and the hook reports; nothing more to do in this thread. */
    void awaitForever() {
        try {
            hook.join();
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() {
        fired.set(true);
        ProgressDisplay shown = display;
        if (shown != null) {
            shown.close();
        }
        out.println("Stopping (Ctrl-C), database first...");
        out.flush();
        try {
            ControlBody stopped = api.stop();
            out.println(stopped.message());
            out.println("Run explore again to resume.");
        } catch (RuntimeException e) {
            out.println("Stop failed: " + Failures.describe(e) + "; run `stop` to try again");
        }
        out.flush();
    }
}
