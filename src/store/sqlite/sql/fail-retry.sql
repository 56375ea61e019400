-- fail-retry: puts a failed job back as ready at :retryAt if it has attempts left.
-- It keeps its seq, so once due it goes ahead of younger jobs of the same priority.
-- Params: :id, :lease (token from claim), :reason, :retryAt (caller ms, not null)
-- Returns: no rows; changes = 1 when rescheduled, 0 when the lease is not current or the job
--          has used all its attempts (then dead-letter.sql applies).
UPDATE jobs
SET state = 'ready', ready_at = :retryAt, lease_until = NULL, reason = :reason
WHERE id = :id AND state = 'leased' AND lease = :lease AND attempts < max_attempts;
