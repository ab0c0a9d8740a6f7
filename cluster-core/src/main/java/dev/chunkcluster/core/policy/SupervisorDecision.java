package dev.chunkcluster.core.policy;

/** What one supervisor round concluded. */
public enum SupervisorDecision {
    /** Work remains and the exploration should run: keep supervising. */
    CONTINUE,
    /** Every chunk completed. */
    COMPLETE,
    /** Nothing pending or running, but some chunks failed: the exploration is idle until a retry. */
    IDLE,
    /** The desired state is stopped. */
    STOPPED;

    /** Whether the supervisor should end: anything but {@link #CONTINUE}. */
    public boolean finished() {
        return this != CONTINUE;
    }
}
