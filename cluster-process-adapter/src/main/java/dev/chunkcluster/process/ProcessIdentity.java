package dev.chunkcluster.process;

import java.time.Instant;
import java.util.Objects;

/**
 * What makes a pid the process we mean: its start instant, and where known its start ticks since boot and the boot
 * id. Ticks decide when both sides have them for the same boot, because the start instant is derived from the
 * wall clock's idea of the boot time and moves when the clock is stepped; otherwise the instants must be equal.
 *
 * @param startTicks null where unknown
 * @param bootId     null where unknown
 */
record ProcessIdentity(Instant startInstant, Long startTicks, String bootId) {

    enum Match { SAME, DIFFERENT, UNKNOWN }

    ProcessIdentity {
        Objects.requireNonNull(startInstant, "startInstant");
    }

    static ProcessIdentity of(Observation observation) {
        return new ProcessIdentity(observation.startInstant(), observation.startTicks(), observation.bootId());
    }

    /** UNKNOWN when the observed start instant could not be read: such a process is never signalled. */
    Match compare(Observation observed) {
        if (observed.startInstant() == null) {
            return Match.UNKNOWN;
        }
        if (bootId != null && observed.bootId() != null) {
            if (!bootId.equals(observed.bootId())) {
                return Match.DIFFERENT;
            }
            if (startTicks != null && observed.startTicks() != null) {
                return startTicks.equals(observed.startTicks()) ? Match.SAME : Match.DIFFERENT;
            }
        }
        return startInstant.equals(observed.startInstant()) ? Match.SAME : Match.DIFFERENT;
    }
}
