-- ChunkCluster SQLite schema, version 2: status counts kept by triggers, one small partial index per status a
-- statement looks for instead of one wide index that every claim, renewal and completion rewrote, and the nodes table
-- (membership as data).
--
-- Applied by the library when it opens a database whose PRAGMA user_version is 1 (a new database gets version 1 and
-- then this), in the transaction that sets user_version = 2.

-- The number of chunks of each exploration in each status and the sum of their tested combinations, kept equal to
-- the rows by the triggers below, whoever changes the rows (the library, or a person in the sqlite3 shell). The status
-- reads these four rows instead of counting chunks, so it costs the same at any size. `SELECT status, COUNT(*) FROM chunks GROUP BY status` still
-- answers the same question by counting.
CREATE TABLE chunk_counts (
    exploration TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    chunks      INTEGER NOT NULL,
    tested      INTEGER NOT NULL,
    PRIMARY KEY (exploration, status)
) WITHOUT ROWID;

INSERT INTO chunk_counts (exploration, status, chunks, tested)
SELECT e.name, s.status, COUNT(c.id), COALESCE(SUM(c.tested), 0)
FROM explorations e
CROSS JOIN (SELECT 'pending' AS status UNION ALL SELECT 'running' UNION ALL SELECT 'completed'
            UNION ALL SELECT 'failed') s
LEFT JOIN chunks c ON c.exploration = e.name AND c.status = s.status
GROUP BY e.name, s.status;

CREATE TRIGGER chunk_counts_exploration AFTER INSERT ON explorations
BEGIN
    INSERT INTO chunk_counts (exploration, status, chunks, tested)
    VALUES (NEW.name, 'pending', 0, 0), (NEW.name, 'running', 0, 0), (NEW.name, 'completed', 0, 0),
           (NEW.name, 'failed', 0, 0);
END;

CREATE TRIGGER chunk_counts_insert AFTER INSERT ON chunks
BEGIN
    UPDATE chunk_counts SET chunks = chunks + 1, tested = tested + NEW.tested
    WHERE exploration = NEW.exploration AND status = NEW.status;
END;

-- While a row is here, the statement that changes chunks moves their counts itself, in one step, instead of two
-- counter updates per row: the library's reset of every running chunk of an exploration (Stop, orphans) inserts the
-- row, resets the chunks, moves the running count to pending and deletes the row, all in one transaction, so no
-- other connection ever sees a row here. Edits by hand never insert one and are counted row by row.
CREATE TABLE chunk_counts_moved (
    exploration TEXT NOT NULL PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER chunk_counts_update AFTER UPDATE OF status, exploration, tested ON chunks
WHEN (OLD.status IS NOT NEW.status OR OLD.exploration IS NOT NEW.exploration OR OLD.tested IS NOT NEW.tested)
    AND NOT EXISTS (SELECT 1 FROM chunk_counts_moved)
BEGIN
    UPDATE chunk_counts SET chunks = chunks - 1, tested = tested - OLD.tested
    WHERE exploration = OLD.exploration AND status = OLD.status;
    UPDATE chunk_counts SET chunks = chunks + 1, tested = tested + NEW.tested
    WHERE exploration = NEW.exploration AND status = NEW.status;
END;

CREATE TRIGGER chunk_counts_delete AFTER DELETE ON chunks
BEGIN
    UPDATE chunk_counts SET chunks = chunks - 1, tested = tested - OLD.tested
    WHERE exploration = OLD.exploration AND status = OLD.status;
END;

-- Version 1's six-column covering index served the counts; the counts table does now.
DROP INDEX chunks_by_status;

-- The queue: claims take the first pending chunks in index order.
CREATE INDEX chunks_pending ON chunks (exploration, idx) WHERE status = 'pending';

-- The running chunks: expired leases and Stop's reset read these only.
CREATE INDEX chunks_running ON chunks (exploration, lease_expires_at) WHERE status = 'running';

-- The failed chunks, for a retry.
CREATE INDEX chunks_failed ON chunks (exploration) WHERE status = 'failed';

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
