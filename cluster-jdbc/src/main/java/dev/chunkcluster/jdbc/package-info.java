/**
 * What the SQL stores share: every statement rendered per dialect from one DSL at build time, the transaction
 * runner, row mapping, schema scripts and the {@link dev.chunkcluster.core.port.ChunkStore} operations on JDBC.
 * It is the adapters' foundation, not an API: use {@code SqliteChunkStore} or {@code PostgresChunkStore} instead;
 * its public types may change in any release.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.jdbc;

import org.jspecify.annotations.NullMarked;
