-- exists: whether a job with this id was ever enqueued (in any state).
-- Params: :id
-- Returns: one row (found = 1) or no row.
SELECT 1 AS found FROM jobs WHERE id = :id;
