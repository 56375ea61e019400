-- migrate-stalls: brings a version-1 queue file to version 2, which counts each job's stalls
-- (how often its lease expired and it came back). Run with db.exec before schema.sql.
-- Params: none. Returns: nothing.
ALTER TABLE jobs ADD COLUMN stalls INTEGER NOT NULL DEFAULT 0;
