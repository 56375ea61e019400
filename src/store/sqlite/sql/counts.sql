-- counts: jobs per state, kept by the schema's triggers. 'ready' includes jobs waiting for
-- their retry time.
-- Params: none
-- Returns: four rows: state ('ready' | 'leased' | 'done' | 'dead'), n
SELECT name AS state, n FROM counters WHERE name IN ('ready', 'leased', 'done', 'dead');
