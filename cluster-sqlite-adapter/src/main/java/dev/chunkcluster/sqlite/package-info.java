/**
 * The {@link dev.chunkcluster.core.port.ChunkStore} on one SQLite file that many processes share: open it with
 * {@link dev.chunkcluster.sqlite.SqliteChunkStore#open(java.nio.file.Path, dev.chunkcluster.sqlite.SqliteOptions)}.
 * {@link dev.chunkcluster.sqlite.SqliteChunkStore} and {@link dev.chunkcluster.sqlite.SqliteOptions} are the only
 * public types; everything else is package-private and may change in any release.
 *
 * <p>Values are never null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.chunkcluster.sqlite;

import org.jspecify.annotations.NullMarked;
