-- table-count: how many tables the file holds, to tell a new file from someone else's database.
-- Params: none
-- Returns: one row: n
SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table';
