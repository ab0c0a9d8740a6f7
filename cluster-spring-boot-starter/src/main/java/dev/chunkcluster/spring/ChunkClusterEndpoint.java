package dev.chunkcluster.spring;

import dev.chunkcluster.core.policy.HealthReport;
import dev.chunkcluster.core.policy.StopReport;
import dev.chunkcluster.core.status.ChunkCounts;
import dev.chunkcluster.core.status.ClusterStatus;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Actuator endpoint {@code chunkcluster}: reading it gives the exploration's status; writing {@code stop} or
 * {@code start} ({@code POST /actuator/chunkcluster/stop}) stops or starts it. Its default access is read-only: the
 * write operations exist only where {@code management.endpoint.chunkcluster.access=unrestricted} is set, and are then
 * secured like every Actuator write operation (by the application's Spring Security rules).
 */
@Endpoint(id = ChunkClusterEndpoint.ID, defaultAccess = Access.READ_ONLY)
public final class ChunkClusterEndpoint {

    /** The endpoint's id. */
    public static final String ID = "chunkcluster";

    private final ChunkClusterOperations operations;

    ChunkClusterEndpoint(ChunkClusterOperations operations) {
        this.operations = operations;
    }

    /** The status: exploration, state, desired state, chunk counts, progress and health. */
    @ReadOperation
    public Map<String, Object> status() {
        ClusterStatus status = operations.status();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("exploration", status.exploration());
        view.put("state", status.state().name().toLowerCase(Locale.ROOT));
        view.put("desired", status.desired().name().toLowerCase(Locale.ROOT));
        view.put("chunks", counts(status));
        view.put("tested", status.progress().tested());
        view.put("total", status.progress().total());
        view.put("healthy", status.health().healthy());
        view.put("health", status.health().message());
        return view;
    }

    /**
     * Stops or starts the exploration.
     *
     * @param action {@code stop} or {@code start}
     * @return what was done; for an unknown action, an error that names the two known ones
     */
    @WriteOperation
    public Map<String, Object> control(@Selector String action) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("exploration", operations.exploration());
        view.put("action", action);
        switch (action) {
            case "stop" -> {
                StopReport report = operations.stop();
                view.put("success", report.success());
                view.put("chunksReset", report.chunksReset());
                view.put("pending", report.totalPending());
                view.put("message", report.message());
            }
            case "start" -> {
                HealthReport fixed = operations.start();
                view.put("success", true);
                view.put("chunksRequeued", fixed.expiredRequeued());
                view.put("message", "Started: desired state running; " + fixed.message());
            }
            default -> {
                view.put("success", false);
                view.put("message", "unknown action '" + action + "': use POST /actuator/" + ID + "/stop or /start");
            }
        }
        return view;
    }

    static Map<String, Long> counts(ClusterStatus status) {
        ChunkCounts counts = status.chunks();
        Map<String, Long> view = new LinkedHashMap<>();
        view.put("total", counts.total());
        view.put("pending", counts.pending());
        view.put("running", counts.running());
        view.put("completed", counts.completed());
        view.put("failed", counts.failed());
        return view;
    }
}
