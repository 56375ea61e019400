-- complete: marks a job done if it is still leased under this token.
-- Params: :id, :lease (token from claim), :now (caller ms)
-- Returns: no rows; changes = 1 when completed, 0 for an unknown id, a stale or wrong token,
--          or a job that is not leased.
UPDATE jobs
SET state = 'done', lease_until = NULL, finished_at = :now
WHERE id = :id AND state = 'leased' AND lease = :lease;
