package dev.chunkcluster.core.event;

/**
 * The keys a worker loop puts in slf4j's MDC on its own thread, so every log line a handler writes names the
 * exploration, the worker, the chunk and the attempt. {@code exploration} and {@code worker} are set while the loop
 * runs, {@code chunk} and {@code attempt} while a chunk is in hand; the loop removes them when done.
 */
public final class LogContext {

    /** The exploration's name. */
    public static final String EXPLORATION = "exploration";
    /** The worker's id. */
    public static final String WORKER = "worker";
    /** The id of the chunk in hand. */
    public static final String CHUNK = "chunk";
    /** The attempt number of the chunk in hand. */
    public static final String ATTEMPT = "attempt";

    private LogContext() {
    }
}
