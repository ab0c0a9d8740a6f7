package dev.chunkcluster.examples.cli;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.status.ClusterStatus;
import dev.chunkcluster.examples.api.ClusterApi;
import dev.chunkcluster.examples.api.ClusterView;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code explore} watches while the cluster works: the progress on the display, until the exploration is
 * complete or idle, was stopped by another command, lost its processes, or Ctrl-C came.
 */
final class ExploreMonitor {

    /** How the watch ended. */
    enum Outcome { COMPLETE, IDLE, STOPPED_ELSEWHERE, COORDINATOR_GONE, INTERRUPTED }

    /** After the last chunk the processes exit within moments; a short poll reports the results sooner. */
    private static final Duration EXIT_POLL = Duration.ofMillis(50);
    /** How long no tracked process may be alive before explore concludes the coordinator is gone. */
    private static final Duration ORPHAN_PATIENCE = Duration.ofSeconds(5);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    private final ClusterApi api;
    private final CtrlCStop ctrlC;

    ExploreMonitor(ClusterApi api, CtrlCStop ctrlC) {
        this.api = api;
        this.ctrlC = ctrlC;
    }

    /** Watches until the end; {@code coordinatorExit} completes when the coordinator exits (or never). */
    Outcome watch(ProgressDisplay display, CompletableFuture<?> coordinatorExit) {
        long nobodySince = -1;
        while (true) {
            if (ctrlC.fired()) {
                return Outcome.INTERRUPTED;
            }
            ClusterView view = api.view();
            ClusterStatus status = view.status();
            long workers = view.alive(ProcessRole.WORKER);
            display.update(status.progress().tested(),
                    status.state() + (workers > 0 ? " · " + workers + " workers" : ""));
            switch (status.state()) {
                case COMPLETE -> {
                    return Outcome.COMPLETE;
                }
                case IDLE -> {
                    return Outcome.IDLE;
                }
                default -> {
                }
            }
            if (status.desired() == DesiredState.STOPPED) {
                return Outcome.STOPPED_ELSEWHERE;
            }
            if (view.live().isEmpty()) {
                long now = System.nanoTime();
                if (nobodySince < 0) {
                    nobodySince = now;
                } else if (now - nobodySince > ORPHAN_PATIENCE.toNanos()) {
                    return Outcome.COORDINATOR_GONE;
                }
            } else {
                nobodySince = -1;
            }
            // not more often than the display needs (ProgressDisplay#refresh); the coordinator's exit wakes the loop
            long poll = display.refresh().toMillis();
            try {
                if (coordinatorExit.isDone()) {
                    Thread.sleep(poll);
                } else {
                    coordinatorExit.get(poll, TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // the poll interval passed: look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.INTERRUPTED;
            }
        }
    }

    /** Waits a little for the coordinator and workers to exit by themselves after the last chunk. */
    void awaitExit() {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (System.nanoTime() < deadline && !api.view().live().isEmpty()) {
            try {
                Thread.sleep(EXIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
