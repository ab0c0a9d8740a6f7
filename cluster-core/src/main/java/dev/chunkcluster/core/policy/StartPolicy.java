package dev.chunkcluster.core.policy;

import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.ResetResult;
import dev.chunkcluster.core.port.TrackedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Start: if a live coordinator is tracked, only make sure the desired state is running (no double start). Otherwise
 * reset the stale running chunks a dead coordinator left behind, set the desired state to running, and launch the
 * coordinator, unless nothing is pending. The whole decision runs under the group's
 * {@linkplain ProcessController#exclusively exclusive lock}, so concurrent Starts, even from several processes, launch
 * one coordinator.
 */
public final class StartPolicy {

    private static final Logger log = LoggerFactory.getLogger(StartPolicy.class);

    private final ChunkStore store;
    private final ProcessController processes;

    /**
     * A Start on {@code store} that launches through {@code processes}.
     *
     * @throws NullPointerException if an argument is null
     */
    public StartPolicy(ChunkStore store, ProcessController processes) {
        this.store = Objects.requireNonNull(store, "store");
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    /** Starts the exploration named by the coordinator's group. */
    public StartReport start(LaunchSpec coordinator) {
        if (coordinator.role() != ProcessRole.COORDINATOR) {
            throw new IllegalArgumentException("Start launches a coordinator; got a launch spec for a "
                    + coordinator.role().label());
        }
        return processes.exclusively(coordinator.group(), () -> startExclusively(coordinator));
    }

    private StartReport startExclusively(LaunchSpec coordinator) {
        String exploration = coordinator.group();
        Optional<TrackedProcess> live = processes.listLive(exploration).stream()
                .filter(p -> p.role() == ProcessRole.COORDINATOR)
                .findFirst();
        if (live.isPresent()) {
            store.setDesiredState(exploration, DesiredState.RUNNING);
            long pending = store.snapshot(exploration).counts().pending();
            log.info("exploration '{}': start: coordinator pid {} is already running; nothing launched", exploration,
                    live.get().pid());
            return new StartReport(false, 0, pending, live, "Already running: coordinator pid " + live.get().pid()
                    + " is alive; nothing launched");
        }

        ResetResult reset = store.resetRunning(exploration, DesiredState.RUNNING);
        log.info("exploration '{}': start: reset {} running chunks to pending (pending now {})", exploration,
                reset.reset(), reset.pendingAfter());
        if (reset.pendingAfter() == 0) {
            log.info("exploration '{}': start: no chunk is pending; nothing launched", exploration);
            return new StartReport(false, reset.reset(), 0, Optional.empty(),
                    "Nothing to start: no chunk is pending; nothing launched");
        }
        TrackedProcess launched = processes.launch(coordinator);
        log.info("exploration '{}': start: launched coordinator pid {} for {} pending chunks", exploration,
                launched.pid(), reset.pendingAfter());
        return new StartReport(true, reset.reset(), reset.pendingAfter(), Optional.of(launched),
                "Started: coordinator pid " + launched.pid() + " for " + reset.pendingAfter() + " pending chunks"
                        + (reset.reset() > 0 ? " (reset " + reset.reset() + " stale running chunks first)" : ""));
    }
}
