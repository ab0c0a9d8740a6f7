-- ChunkCluster SQLite schema, version 2: what version 1 lacks. Applied in the transaction that sets user_version = 2.

-- Membership as data: one row per long-lived process of a cluster (agent, coordinator, worker). The status and the
-- Stop report are computed from these rows. Rows of nodes silent for longer than the keep time (24 h by default) are
-- pruned.
CREATE TABLE nodes (
    id                 INTEGER NOT NULL PRIMARY KEY,
    exploration        TEXT    NOT NULL REFERENCES explorations (name),
    role               TEXT    NOT NULL CHECK (role IN ('agent', 'coordinator', 'worker')),
    -- The process's identity: host name, the host's boot id, pid and the process's start instant.
    host               TEXT    NOT NULL,
    boot_id            TEXT    NOT NULL,
    pid                INTEGER NOT NULL CHECK (pid > 0),
    process_started_at TEXT    NOT NULL,
    -- When it registered and when it last said it is alive.
    started_at         TEXT    NOT NULL,
    heartbeat_at       TEXT    NOT NULL,
    state              TEXT    NOT NULL CHECK (state IN ('running', 'idle', 'stopped')),
    -- The workers it keeps (an agent, a coordinator).
    workers            INTEGER NOT NULL DEFAULT 0 CHECK (workers >= 0),
    -- The lease it runs with, in milliseconds: it counts as alive while its last heartbeat is no older.
    lease_ms           INTEGER NOT NULL CHECK (lease_ms > 0),
    -- What it did for the last Stop it heard, and when.
    stop_outcome       TEXT    CHECK (stop_outcome IN ('stopped', 'forced', 'already_gone', 'failed')),
    stop_outcome_at    TEXT
);

CREATE INDEX nodes_by_exploration ON nodes (exploration, heartbeat_at);
