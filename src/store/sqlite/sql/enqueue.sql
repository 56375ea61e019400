-- enqueue: adds a ready job unless its id is known or the queue is at capacity.
-- Params: :id, :priority, :payload, :maxAttempts, :now (caller ms), :capacity (ready + leased limit)
-- Returns: no rows; changes = 1 when added, 0 when the id exists or the queue is full
--          (exists.sql tells the two apart). Nothing is written when changes = 0.
INSERT INTO jobs (id, priority, payload, max_attempts, state, ready_at, enqueued_at)
SELECT :id, :priority, :payload, :maxAttempts, 'ready', :now, :now
WHERE (SELECT SUM(n) FROM counters WHERE name IN ('ready', 'leased')) < :capacity
ON CONFLICT (id) DO NOTHING;
