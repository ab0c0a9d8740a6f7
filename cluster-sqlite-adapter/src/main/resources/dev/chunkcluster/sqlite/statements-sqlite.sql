-- Every statement the SQLite chunk store runs, rendered by jOOQ 3.19.39 (dialect SQLite) from ChunkSqlDsl.
-- Do not edit: StatementsFileTest fails when this file and a fresh rendering differ; run it with
-- -Dchunkcluster.writeStatements=true to write this file again.
--
-- Each block: the statement's name, its named parameters in placeholder order (the store binds them
-- by position), and the SQL.

-- name: explorationByName
-- params: name
select total_combinations, chunk_size, explorations.max_failures, desired_state from explorations where explorations.name = ?;

-- name: desiredStateByName
-- params: name
select desired_state from explorations where explorations.name = ?;

-- name: insertExploration
-- params: name, total, chunkSize, maxFailures, now
insert into explorations (name, total_combinations, chunk_size, max_failures, desired_state, created_at) values (?, ?, ?, ?, 'running', ?);

-- name: insertChunks
-- params: chunks, exploration, chunkSize, chunkSize, total, chunkSize
insert into chunks (exploration, idx, first_combination, combination_count, status) with recursive seq(i) as (select 0 union all select (seq.i + 1) from seq where (seq.i + 1) < ?) select ?, seq.i, (seq.i * ?), min(?, (? - (seq.i * ?))), 'pending' from seq;

-- name: setDesiredState
-- params: desired, name
update explorations set desired_state = ? where explorations.name = ?;

-- name: claim
-- params: worker, now, leaseExpiresAt, exploration, limit
update chunks set status = 'running', attempt = (attempt + 1), assigned_worker = ?, started_at = ?, lease_expires_at = ?, tested = 0, finished_at = null, result = null where id in (select id from chunks where (chunks.exploration = ? and status = 'pending') order by idx limit ?) returning id, idx, first_combination, combination_count, attempt;

-- name: renew
-- params: leaseExpiresAt, tested, id, attempt, worker
update chunks set lease_expires_at = ?, tested = min(?, combination_count) where (id = ? and status = 'running' and attempt = ? and assigned_worker = ?);

-- name: complete
-- params: now, result, id, attempt, worker
update chunks set status = 'completed', lease_expires_at = null, tested = combination_count, finished_at = ?, result = ? where (id = ? and status = 'running' and attempt = ? and assigned_worker = ?);

-- name: fail
-- params: now, error, id, attempt, worker
update chunks set status = case when (failures + 1) >= (select explorations.max_failures from explorations where explorations.name = chunks.exploration) then 'failed' else 'pending' end, finished_at = case when (failures + 1) >= (select explorations.max_failures from explorations where explorations.name = chunks.exploration) then ? else null end, failures = (failures + 1), assigned_worker = null, started_at = null, lease_expires_at = null, tested = 0, last_error = ? where (id = ? and status = 'running' and attempt = ? and assigned_worker = ?) returning chunks.exploration, status, failures;

-- name: release
-- params: id, attempt, worker
update chunks set status = 'pending', assigned_worker = null, started_at = null, lease_expires_at = null, tested = 0 where (id = ? and status = 'running' and attempt = ? and assigned_worker = ?);

-- name: resetRunning
-- params: exploration
update chunks set status = 'pending', assigned_worker = null, started_at = null, lease_expires_at = null, tested = 0 where (chunks.exploration = ? and status = 'running');

-- name: countPending
-- params: exploration
select count(*) from chunks where (chunks.exploration = ? and status = 'pending');

-- name: expireToFailed
-- params: now, exploration, now, maxFailures
update chunks set status = 'failed', finished_at = ?, failures = (failures + 1), last_error = ((((('lease of attempt ' || cast(attempt as varchar)) || ' by ') || coalesce(assigned_worker, 'nobody')) || ' expired at ') || lease_expires_at), assigned_worker = null, started_at = null, lease_expires_at = null, tested = 0 where (chunks.exploration = ? and status = 'running' and lease_expires_at <= ? and (failures + 1) >= ?);

-- name: expireToPending
-- params: exploration, now
update chunks set status = 'pending', failures = (failures + 1), last_error = ((((('lease of attempt ' || cast(attempt as varchar)) || ' by ') || coalesce(assigned_worker, 'nobody')) || ' expired at ') || lease_expires_at), assigned_worker = null, started_at = null, lease_expires_at = null, tested = 0 where (chunks.exploration = ? and status = 'running' and lease_expires_at <= ?);

-- name: retryFailed
-- params: exploration
update chunks set status = 'pending', failures = 0, finished_at = null, assigned_worker = null, started_at = null, lease_expires_at = null, tested = 0 where (chunks.exploration = ? and status = 'failed');

-- name: countInStatus
-- params: exploration, status
select count(*) from chunks where (chunks.exploration = ? and status = ?);

-- name: completedAtIndex
-- params: exploration, idx
select count(*) from chunks where (chunks.exploration = ? and status = 'completed' and idx = ?);

-- name: runningProgress
-- params: now, exploration
select count(*), coalesce(sum(tested), cast(0 as decimal)), count(*) filter (where lease_expires_at <= ?) from chunks where (chunks.exploration = ? and status = 'running');

-- name: chunksOf
-- params: exploration
select id, chunks.exploration, idx, first_combination, combination_count, status, assigned_worker, started_at, attempt, lease_expires_at, failures, tested, finished_at, result, last_error from chunks where chunks.exploration = ? order by idx;

-- name: chunkById
-- params: id
select id, chunks.exploration, idx, first_combination, combination_count, status, assigned_worker, started_at, attempt, lease_expires_at, failures, tested, finished_at, result, last_error from chunks where id = ?;
