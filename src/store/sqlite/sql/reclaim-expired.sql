-- reclaim-expired: makes every job whose lease ended before :now ready again, due at once
-- (crash recovery), and counts the stall. The old token stays in `lease` but no longer matches
-- a leased row. Jobs past their stall limit were dead-lettered just before (dead-letter-stalled).
-- Params: :now (caller ms)
-- Returns: no rows; changes = the number of jobs reclaimed.
UPDATE jobs
SET state = 'ready', ready_at = :now, lease_until = NULL, stalls = stalls + 1
WHERE state = 'leased' AND lease_until < :now;
