package dev.chunkcluster.core.port;

import java.util.Locale;

/** What a registered node of a cluster does. */
public enum NodeRole {
    /** One per host: follows the exploration's desired state and keeps that host's workers. */
    AGENT,
    /** Runs the supervisor on a one-host setup. */
    COORDINATOR,
    /** Claims chunks and works on them. */
    WORKER;

    /** The lower-case value the store keeps and the JSON shows: {@code agent}, {@code coordinator}, {@code worker}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role stored as {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} names no role
     */
    public static NodeRole fromDbValue(String value) {
        for (NodeRole role : values()) {
            if (role.dbValue().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown node role '" + value + "'; expected agent, coordinator or worker");
    }
}
