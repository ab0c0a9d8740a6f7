package dev.chunkcluster.process;

import java.util.List;
import java.util.Optional;

/** Looks at processes of this machine. A seam so tests can simulate what the OS rarely does on demand. */
interface ProcessInspector {

    /** The process that has {@code pid} now; empty if there is none. */
    Optional<Observation> observe(long pid);

    /**
     * The descendants of {@code root} at this moment. One whose start instant cannot be read is included with a null
     * start instant (it cannot be verified, so it will not be signalled); one that vanished is left out.
     */
    List<Observation> descendants(Observation root);
}
