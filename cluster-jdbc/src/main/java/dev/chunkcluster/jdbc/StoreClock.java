package dev.chunkcluster.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Where a store reads the time of a lease (claimed, expires, finished): a JVM clock, or the database's own clock read
 * inside the transaction, so that on several hosts one clock judges every lease.
 */
@FunctionalInterface
public interface StoreClock {

    /** The current time, read inside the unit of work that runs on {@code session}. */
    Instant now(Session session) throws SQLException;

    /**
     * Whether this is the database's own clock, which a statement may read itself ({@code current_timestamp}) instead
     * of being handed the time.
     */
    default boolean inDatabase() {
        return false;
    }

    /** The time of {@code clock}. */
    static StoreClock of(Clock clock) {
        return session -> clock.instant();
    }
}
