package dev.chunkcluster.testkit;

import dev.chunkcluster.core.chunk.Chunk;
import dev.chunkcluster.core.port.ChunkStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Every chunk of a test's exploration as a list, read with {@link ChunkStore#forEachChunk(String,
 * java.util.function.Consumer)}: for assertions on the small explorations of tests. Code that may meet a large
 * exploration hands the chunks on one at a time instead of collecting them.
 */
public final class StoredChunks {

    private StoredChunks() {
    }

    /** The exploration's chunks in index order, each as it was when its page was read. */
    public static List<Chunk> of(ChunkStore store, String exploration) {
        List<Chunk> chunks = new ArrayList<>();
        store.forEachChunk(exploration, chunks::add);
        return List.copyOf(chunks);
    }
}
