-- reclaim-expired: makes every job whose lease ended before :now ready again, due at once
-- (crash recovery). The old token stays in `lease` but no longer matches a leased row.
-- Params: :now (caller ms)
-- Returns: no rows; changes = the number of jobs reclaimed.
UPDATE jobs
SET state = 'ready', ready_at = :now, lease_until = NULL
WHERE state = 'leased' AND lease_until < :now;
