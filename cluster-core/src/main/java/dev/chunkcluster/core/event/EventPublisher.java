package dev.chunkcluster.core.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Delivers events to a fixed list of listeners; what the policies hold. A listener that throws is logged at WARN and
 * ignored, and the others still get the event. A publisher without listeners is {@linkplain #isActive() inactive}:
 * the policies then build no event at all, so the hot path pays one field read.
 */
public final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private static final EventPublisher NONE = new EventPublisher(List.of());

    private final List<ChunkClusterListener> listeners;

    private EventPublisher(List<ChunkClusterListener> listeners) {
        this.listeners = listeners;
    }

    /** A publisher without listeners. */
    public static EventPublisher none() {
        return NONE;
    }

    /**
     * A publisher to {@code listeners}, in that order.
     *
     * @throws NullPointerException if a listener is null
     */
    public static EventPublisher of(List<? extends ChunkClusterListener> listeners) {
        return listeners.isEmpty() ? NONE : new EventPublisher(List.copyOf(listeners));
    }

    /** This publisher's listeners followed by {@code listener}. */
    public EventPublisher with(ChunkClusterListener listener) {
        List<ChunkClusterListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(listener, "listener"));
        return new EventPublisher(List.copyOf(all));
    }

    /** True when at least one listener is registered; build an event only then. */
    public boolean isActive() {
        return !listeners.isEmpty();
    }

    /** Delivers {@code event} to every listener; a listener that throws is logged and skipped. */
    public void publish(ChunkClusterEvent event) {
        for (ChunkClusterListener listener : listeners) {
            try {
                event.deliverTo(listener);
            } catch (RuntimeException | LinkageError e) {
                log.warn("exploration '{}': listener {} threw on {}; ignored: {}", event.exploration(),
                        listener.getClass().getName(), event.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
