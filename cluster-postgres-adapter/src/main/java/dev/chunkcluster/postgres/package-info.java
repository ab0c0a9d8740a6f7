/**
 * The {@link dev.chunkcluster.core.port.ChunkStore} on a PostgreSQL server that several hosts share, through a
 * {@link javax.sql.DataSource} the user owns: open it with {@link dev.chunkcluster.postgres.PostgresChunkStore}.
 * {@link dev.chunkcluster.postgres.PostgresChunkStore} and {@link dev.chunkcluster.postgres.PostgresOptions} are the
 * public types; everything else is package-private and may change in any release.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.postgres;

import org.jspecify.annotations.NullMarked;
