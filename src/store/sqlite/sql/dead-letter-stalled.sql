-- dead-letter-stalled: moves every job whose lease ended before :now and that was already
-- brought back :maxStalled times to the dead-letter state (a poison job whose worker keeps
-- dying is not put back forever). Runs just before reclaim-expired, in its transaction.
-- Params: :now (caller ms), :maxStalled, :reason (the same for every such job: it names the count)
-- Returns: no rows; changes = the number of jobs dead-lettered.
UPDATE jobs
SET state = 'dead', lease_until = NULL, reason = :reason, finished_at = :now
WHERE state = 'leased' AND lease_until < :now AND stalls >= :maxStalled;
