-- ChunkCluster PostgreSQL schema, version 2: status counts kept by triggers, and one small partial index per status
-- a statement looks for, instead of an index that every claim, renewal and completion rewrote.
--
-- Applied by the library to a schema at version 1 (a new schema gets version 1 and then this), or by your migration
-- tool after schema-v1.sql. Needs PL/pgSQL, which every PostgreSQL database has.

-- The number of chunks of each exploration in each status and the sum of their tested combinations, kept equal to the rows by the triggers below, whoever
-- changes the rows (the library, or a person in psql). Each connection adds its changes to rows of its own stripe
-- (its backend pid modulo 64), so claimers do not queue on one counter row; a stripe may hold a negative number, the
-- sum over the stripes is the count. `SELECT status, COUNT(*) FROM chunks GROUP BY status` still answers the same
-- question by counting.
CREATE TABLE chunk_counts (
    exploration text    NOT NULL,
    status      text    NOT NULL,
    stripe      integer NOT NULL,
    chunks      bigint  NOT NULL,
    tested      bigint  NOT NULL,
    PRIMARY KEY (exploration, status, stripe)
);

INSERT INTO chunk_counts (exploration, status, stripe, chunks, tested)
SELECT exploration, status, 0, COUNT(*), SUM(tested) FROM chunks GROUP BY exploration, status;

-- One function for the three statement triggers: it adds what the statement changed, grouped, in one upsert; an
-- update that changed neither a status nor a tested count writes nothing. The search path is the schema it was
-- created in.
CREATE FUNCTION chunk_counts_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO chunk_counts AS c (exploration, status, stripe, chunks, tested)
        SELECT exploration, status, pg_backend_pid() % 64, COUNT(*), SUM(tested) FROM new_rows
        GROUP BY exploration, status
        ON CONFLICT (exploration, status, stripe)
        DO UPDATE SET chunks = c.chunks + EXCLUDED.chunks, tested = c.tested + EXCLUDED.tested;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO chunk_counts AS c (exploration, status, stripe, chunks, tested)
        SELECT exploration, status, pg_backend_pid() % 64, -COUNT(*), -SUM(tested) FROM old_rows
        GROUP BY exploration, status
        ON CONFLICT (exploration, status, stripe)
        DO UPDATE SET chunks = c.chunks + EXCLUDED.chunks, tested = c.tested + EXCLUDED.tested;
    ELSE
        INSERT INTO chunk_counts AS c (exploration, status, stripe, chunks, tested)
        SELECT exploration, status, pg_backend_pid() % 64, SUM(chunks), SUM(tested)
        FROM (SELECT exploration, status, -1 AS chunks, -tested AS tested FROM old_rows
              UNION ALL SELECT exploration, status, 1, tested FROM new_rows) AS changes
        GROUP BY exploration, status HAVING SUM(chunks) <> 0 OR SUM(tested) <> 0
        ON CONFLICT (exploration, status, stripe)
        DO UPDATE SET chunks = c.chunks + EXCLUDED.chunks, tested = c.tested + EXCLUDED.tested;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chunk_counts_insert AFTER INSERT ON chunks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunk_counts_apply();
CREATE TRIGGER chunk_counts_update AFTER UPDATE ON chunks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunk_counts_apply();
CREATE TRIGGER chunk_counts_delete AFTER DELETE ON chunks
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunk_counts_apply();

-- Version 1's status index served the counts; the counts table does now.
DROP INDEX chunks_by_status;

-- The running chunks: expired leases and Stop's reset read these only.
CREATE INDEX chunks_running ON chunks (exploration, lease_expires_at) WHERE status = 'running';

-- The failed chunks, for a retry.
CREATE INDEX chunks_failed ON chunks (exploration) WHERE status = 'failed';

-- A drained queue leaves dead entries at the head of chunks_pending that every claim steps over until a vacuum
-- removes them: vacuum the table after 1% of its rows changed, not PostgreSQL's default 20%.
ALTER TABLE chunks SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                        autovacuum_vacuum_cost_delay = 0);

UPDATE chunkcluster_version SET version = 2;
