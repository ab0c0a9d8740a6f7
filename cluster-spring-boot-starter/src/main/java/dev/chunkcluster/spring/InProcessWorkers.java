package dev.chunkcluster.spring;

import dev.chunkcluster.core.error.ProcessControlException;
import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessController;
import dev.chunkcluster.core.port.ProcessStopOutcome;
import dev.chunkcluster.core.port.TrackedProcess;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The application's processes as Stop sees them: none are tracked (the worker runs inside the application), and
 * stopping them ends this application's worker loop, whose chunk Stop's database step has already reset.
 */
final class InProcessWorkers implements ProcessController {

    private final @Nullable ChunkClusterWorker worker;

    InProcessWorkers(@Nullable ChunkClusterWorker worker) {
        this.worker = worker;
    }

    @Override
    public TrackedProcess launch(LaunchSpec spec) {
        throw new ProcessControlException("cannot launch a " + spec.role().label() + " for '" + spec.group()
                + "': the Spring Boot starter runs its worker inside the application and launches no process;"
                + " use the process adapter for that");
    }

    @Override
    public List<TrackedProcess> listLive(String group) {
        return List.of();
    }

    @Override
    public List<ProcessStopOutcome> stopAll(String group, Duration grace) {
        if (worker != null) {
            worker.stop(grace);
        }
        return List.of();
    }

    @Override
    public synchronized <T> T exclusively(String group, Supplier<T> action) {
        return action.get();
    }
}
