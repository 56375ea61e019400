-- schema: creates the queue tables, indexes and count triggers; safe to run on every open.
-- Params: none. Returns: nothing. Run with db.exec (several statements).
--
-- jobs.seq is the rowid alias: it gives FIFO order and never changes (rows are never deleted,
-- so it only grows). jobs.id is the caller's request id; its UNIQUE constraint is what makes
-- enqueue idempotent. Done and dead jobs stay, so a late duplicate enqueue still says 'exists'.
CREATE TABLE IF NOT EXISTS jobs (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE,
  priority     INTEGER NOT NULL,
  payload      TEXT    NOT NULL,
  max_attempts INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  stalls       INTEGER NOT NULL DEFAULT 0,
  state        TEXT    NOT NULL CHECK (state IN ('ready', 'leased', 'done', 'dead')),
  ready_at     REAL    NOT NULL,
  lease        INTEGER,
  lease_until  REAL,
  reason       TEXT,
  enqueued_at  REAL    NOT NULL,
  finished_at  REAL
);

-- The queue proper: ready and leased jobs only, so done and dead rows cost nothing here.
-- Claim walks the ready part best priority first, oldest first; reclaim walks the leased part.
-- One index for both (a claim moves the entry within it) writes fewer pages per commit than two.
CREATE INDEX IF NOT EXISTS jobs_active ON jobs (state, priority, seq)
WHERE state = 'ready' OR state = 'leased';
-- Dead letters in the order they died.
CREATE INDEX IF NOT EXISTS jobs_dead ON jobs (finished_at, seq) WHERE state = 'dead';

-- Counters kept by triggers, all on one small page that every commit writes anyway:
-- - jobs per state, so the capacity check and counts() are O(1) instead of counting index
--   entries on every enqueue (the queue may hold thousands of ready jobs);
-- - 'lease', the last lease token issued, so tokens keep increasing across reopen and across
--   handles on one file (it is read and bumped inside the claiming write transaction).
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  n    INTEGER NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO counters (name, n)
VALUES ('ready', 0), ('leased', 0), ('done', 0), ('dead', 0), ('lease', 0);

CREATE TRIGGER IF NOT EXISTS jobs_count_insert AFTER INSERT ON jobs
BEGIN
  UPDATE counters SET n = n + 1 WHERE name = NEW.state;
END;

CREATE TRIGGER IF NOT EXISTS jobs_count_update AFTER UPDATE OF state ON jobs
WHEN OLD.state <> NEW.state
BEGIN
  UPDATE counters SET n = n - 1 WHERE name = OLD.state;
  UPDATE counters SET n = n + 1 WHERE name = NEW.state;
END;

CREATE TRIGGER IF NOT EXISTS jobs_lease_issued AFTER UPDATE OF lease ON jobs
BEGIN
  UPDATE counters SET n = NEW.lease WHERE name = 'lease';
END;

PRAGMA user_version = 2;
