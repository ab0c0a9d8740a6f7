package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.chunk.ChunkStatus;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's shutdown gives the chunk in hand back at once, without counting a failure. */
class WorkerShutdownTest {

    @TempDir
    Path dir;

    @Test
    void closingTheApplicationReleasesTheChunkInHandToPending() throws Exception {
        Path database = dir.resolve("exploration.db");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StarterTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("chunkcluster.exploration=shutdown", "chunkcluster.create.combinations=50",
                        "chunkcluster.create.chunk-size=10", "chunkcluster.sqlite.path=" + database,
                        StarterTestApplication.WITHOUT_DATA_SOURCE)
                .run();
        StarterTestApplication.GatedHandler handler = context.getBean(StarterTestApplication.GatedHandler.class);
        ChunkClusterWorker worker = context.getBean(ChunkClusterWorker.class);
        assertTrue(handler.entered.await(60, TimeUnit.SECONDS), "the worker claimed a chunk");

        context.close();

        assertFalse(worker.isRunning());
        try (SqliteChunkStore store = SqliteChunkStore.open(database)) {
            List<Chunk> chunks = new ArrayList<>();
            store.forEachChunk("shutdown", chunks::add);
            assertEquals(5, chunks.stream().filter(c -> c.status() == ChunkStatus.PENDING).count());
            assertEquals(0, chunks.stream().mapToLong(Chunk::failures).sum(), "a shutdown is not the chunk's fault");
        }
    }

    @Test
    void withoutAStoreTheApplicationFailsNamingThePropertyToSet() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(StarterTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("chunkcluster.exploration=nowhere", StarterTestApplication.WITHOUT_DATA_SOURCE);

        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, application::run);

        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("set chunkcluster.sqlite.path to the SQLite database file"),
                cause.getMessage());
    }
}
