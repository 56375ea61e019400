-- dead-letters: dead-lettered jobs with their reasons, in the order they died.
-- Params: none
-- Returns: rows: id, reason
SELECT id, reason FROM jobs WHERE state = 'dead' ORDER BY finished_at, seq;
