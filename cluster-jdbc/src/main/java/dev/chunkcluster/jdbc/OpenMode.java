package dev.chunkcluster.jdbc;

/** Whether opening a store may create or change its schema. */
public enum OpenMode {

    /**
     * Create the schema in a new or empty database, and migrate an older ChunkCluster schema to this library's. A
     * database that holds anything else is refused and left as it was.
     */
    CREATE_IF_ABSENT,

    /**
     * Never run DDL: open only a database that already holds this library's schema, and refuse anything else (a
     * missing or empty database, an older schema, another program's tables) with a message that names what was
     * found. For commands that only read or control an exploration, and for schemas managed by the user's own
     * migration tool.
     */
    EXISTING_ONLY
}
