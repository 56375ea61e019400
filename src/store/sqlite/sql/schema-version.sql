-- schema-version: the schema version this file was created with (0 for a new, empty file).
-- Params: none
-- Returns: one row: user_version
PRAGMA user_version;
