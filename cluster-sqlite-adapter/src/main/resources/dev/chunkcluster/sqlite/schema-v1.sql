-- ChunkCluster SQLite schema, version 1.
--
-- Applied by the library when it opens a database whose PRAGMA user_version is 0, in one transaction that also
-- sets user_version = 1. A later schema-vN.sql upgrades version N-1 to N.
--
-- Timestamps are ISO-8601 UTC text with a fixed millisecond width, e.g. 2026-11-29T09:40:00.000Z, so they sort and
-- compare correctly as text and read well by hand.

-- One row per exploration: its shape and what the user asked of it.
CREATE TABLE explorations (
    name               TEXT    NOT NULL PRIMARY KEY,
    total_combinations INTEGER NOT NULL CHECK (total_combinations >= 1),
    chunk_size         INTEGER NOT NULL CHECK (chunk_size >= 1),
    max_failures       INTEGER NOT NULL CHECK (max_failures >= 1),
    -- 'stopped' refuses every claim; Stop sets it in the same transaction that resets running chunks.
    desired_state      TEXT    NOT NULL DEFAULT 'running' CHECK (desired_state IN ('running', 'stopped')),
    created_at         TEXT    NOT NULL
);

-- One row per chunk: the combinations [first_combination, first_combination + combination_count).
CREATE TABLE chunks (
    id                INTEGER NOT NULL PRIMARY KEY,
    exploration       TEXT    NOT NULL REFERENCES explorations (name),
    idx               INTEGER NOT NULL CHECK (idx >= 0),
    first_combination INTEGER NOT NULL CHECK (first_combination >= 0),
    combination_count INTEGER NOT NULL CHECK (combination_count >= 1),
    status            TEXT    NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    -- The lease holder while running; kept on completion so people can see who did the work.
    assigned_worker   TEXT,
    -- When the current lease was claimed.
    started_at        TEXT,
    -- The fencing token: +1 on every claim, never changed by a reset.
    attempt           INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    lease_expires_at  TEXT,
    -- Errors and expired leases so far; the chunk is 'failed' when it reaches explorations.max_failures.
    failures          INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    -- Combinations tested: reported by renewals while running, combination_count once completed.
    tested            INTEGER NOT NULL DEFAULT 0 CHECK (tested >= 0),
    finished_at       TEXT,
    result            TEXT,
    last_error        TEXT
);

CREATE UNIQUE INDEX chunks_by_index ON chunks (exploration, idx);

-- Serves claims (the first pending chunks in index order) and, as a covering index, the status counts: the
-- snapshot reads this index only, never the table.
CREATE INDEX chunks_by_status ON chunks (exploration, status, idx, combination_count, tested, lease_expires_at);
