-- A backfill forgets the cursors of the objects it covers, then pulls them from the start (or
-- from --since). This row remembers that one is under way, so a rerun after a kill continues from
-- the committed cursors instead of forgetting them again.
CREATE TABLE backfills (
  id          INTEGER PRIMARY KEY,
  connector   TEXT NOT NULL,
  objects     TEXT NOT NULL,   -- JSON array of canonical objects, in pull order
  since       TEXT,            -- ISO instant, or NULL for all history
  started_at  TEXT NOT NULL,
  finished_at TEXT
);

-- At most one unfinished backfill per connector.
CREATE UNIQUE INDEX backfills_open ON backfills (connector) WHERE finished_at IS NULL;
