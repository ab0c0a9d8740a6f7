package dev.chunkcluster.jdbc;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkRange;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.core.chunk.DesiredState;
import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.chunk.LeaseToken;
import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.port.Lease;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Rows as the core's values, read by column name; a value this library cannot read becomes an
 * {@link IncompatibleStoreException} that names the database and the row.
 */
final class ChunkRows {

    /** The explorations row, without its name. */
    record ExplorationRow(long total, long chunkSize, int maxFailures, DesiredState desired) {

        ExplorationSpec spec(String name) {
            return new ExplorationSpec(name, total, chunkSize, maxFailures);
        }
    }

    private final String database;

    /** @param database the database as messages name it */
    ChunkRows(String database) {
        this.database = database;
    }

    /** A row of {@code explorationByName}. */
    ExplorationRow exploration(ResultSet rs, String name) throws SQLException {
        return new ExplorationRow(rs.getLong("total_combinations"), rs.getLong("chunk_size"),
                rs.getInt("max_failures"), desired(rs.getString("desired_state"), name));
    }

    DesiredState desired(String value, String exploration) {
        try {
            return DesiredState.fromDbValue(value);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleStoreException(database + ": exploration '" + exploration + "' has values this "
                    + "library cannot read (" + e.getMessage() + "); fix the explorations row by hand", e);
        }
    }

    /** A status as the counts table holds it. */
    ChunkStatus status(String value, String exploration) {
        try {
            return ChunkStatus.fromDbValue(value);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleStoreException(database + ": exploration '" + exploration + "' has chunks in a "
                    + "status this library cannot read (" + e.getMessage() + "); fix the chunks rows by hand", e);
        }
    }

    /** A row of the claim's {@code RETURNING}: the lease it took. */
    static Lease lease(ResultSet rs, String exploration, String worker, Instant expiresAt) throws SQLException {
        return new Lease(new LeaseToken(rs.getLong("id"), rs.getInt("attempt"), worker), exploration,
                new ChunkRange(rs.getInt("idx"), rs.getLong("first_combination"), rs.getLong("combination_count")),
                expiresAt);
    }

    /** A row of {@code chunkPage}, {@code chunkPageOfStatus} or {@code chunkById}. */
    Chunk chunk(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        try {
            return new Chunk(id, rs.getString("exploration"), rs.getInt("idx"), rs.getLong("first_combination"),
                    rs.getLong("combination_count"), ChunkStatus.fromDbValue(rs.getString("status")),
                    rs.getString("assigned_worker"), Timestamps.parse(rs.getString("started_at")),
                    rs.getInt("attempt"), Timestamps.parse(rs.getString("lease_expires_at")), rs.getInt("failures"),
                    rs.getLong("tested"), Timestamps.parse(rs.getString("finished_at")), rs.getString("result"),
                    rs.getString("last_error"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IncompatibleStoreException(database + ": chunk " + id + " has a value this library cannot read ("
                    + e.getMessage() + "); timestamps must look like 2026-11-29T09:40:00.000Z. Fix the row by hand",
                    e);
        }
    }
}
