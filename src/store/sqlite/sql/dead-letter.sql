-- dead-letter: moves a leased job to the dead-letter state with its reason.
-- Params: :id, :lease (token from claim), :reason, :now (caller ms)
-- Returns: no rows; changes = 1 when dead-lettered, 0 when the lease is not current.
UPDATE jobs
SET state = 'dead', lease_until = NULL, reason = :reason, finished_at = :now
WHERE id = :id AND state = 'leased' AND lease = :lease;
