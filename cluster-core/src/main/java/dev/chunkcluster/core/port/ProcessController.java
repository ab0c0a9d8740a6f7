package dev.chunkcluster.core.port;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Launches and stops the processes of an exploration, by recorded identity only: a process this controller did
 * not launch (or whose pid was reused) is never signalled.
 *
 * <p>Errors are {@link dev.chunkcluster.core.error.ProcessControlException}s (or other
 * {@link dev.chunkcluster.core.error.ChunkClusterException}s); a process that could not be stopped is reported in
 * its {@link ProcessStopOutcome}, not thrown.
 */
public interface ProcessController {

    /** Starts the process and records it; throws {@link dev.chunkcluster.core.error.ProcessControlException} on failure. */
    TrackedProcess launch(LaunchSpec spec);

    /** The recorded processes of {@code group} that are still alive as recorded. */
    List<TrackedProcess> listLive(String group);

    /**
     * Stops every recorded process of {@code group}: SIGTERM to each and its descendants, up to {@code grace} to
     * exit, then SIGKILL for what remains. Nothing recorded is success: the list is empty.
     */
    List<ProcessStopOutcome> stopAll(String group, Duration grace);

    /**
     * Runs {@code action} and returns its result while no other {@code exclusively} call for {@code group} runs, in
     * this process or in any other process controlling the same group: Start uses it so that concurrent Starts
     * launch one coordinator.
     */
    <T> T exclusively(String group, Supplier<T> action);
}
