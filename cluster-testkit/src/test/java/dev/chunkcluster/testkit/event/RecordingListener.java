package dev.chunkcluster.testkit.event;

import dev.chunkcluster.core.event.ChunkClusterEvent;
import dev.chunkcluster.core.event.ChunkClusterListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event, and every event delivered while the thread held the store's lock (a store transaction). */
final class RecordingListener implements ChunkClusterListener {

    final List<ChunkClusterEvent> events = new CopyOnWriteArrayList<>();
    final List<ChunkClusterEvent> insideTransaction = new CopyOnWriteArrayList<>();
    private final Object store;

    RecordingListener(Object store) {
        this.store = store;
    }

    @Override
    public void onEvent(ChunkClusterEvent event) {
        events.add(event);
        if (Thread.holdsLock(store)) {
            insideTransaction.add(event);
        }
    }

    <T extends ChunkClusterEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<String> kinds() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }
}
