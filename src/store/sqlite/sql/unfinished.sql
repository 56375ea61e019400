-- unfinished: the jobs the queue still holds (ready, waiting for a retry, or leased), oldest first.
-- Read when a run stops: they are not lost, the file has them. Walks the jobs_active index.
-- Params: none
-- Returns: rows: id, state
SELECT id, state FROM jobs WHERE state IN ('ready', 'leased') ORDER BY seq;
