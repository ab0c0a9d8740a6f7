package dev.chunkcluster.spring;

import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.postgres.PostgresChunkStore;
import dev.chunkcluster.postgres.PostgresOptions;

import javax.sql.DataSource;

/** Opens the PostgreSQL store; a class apart so that nothing loads the adapter when it is not on the class path. */
final class PostgresStores {

    private PostgresStores() {
    }

    static ChunkStore open(DataSource dataSource, ChunkClusterProperties.Postgres settings) {
        return PostgresChunkStore.open(dataSource, PostgresOptions.builder().schema(settings.getSchema()).build());
    }
}
