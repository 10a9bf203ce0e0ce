-- Records deleted for good (Salesforce's emptied recycle bin, HubSpot's GDPR delete) show in no
-- change feed. A full pull is a complete snapshot: the ids it sees are kept here, page by page in
-- the page's transaction, and at its end every stored record it did not see is marked deleted. A
-- killed full pull resumes with what it saw so far and deletes nothing until it ends.
CREATE TABLE full_pulls (
  connector  TEXT NOT NULL,
  object     TEXT NOT NULL,
  started_at TEXT NOT NULL,
  -- 0 when the state held no live record of the object as the pull began: all it will hold came
  -- from this pull, so there is nothing to compare and no id is recorded (a first backfill).
  tracks_seen INTEGER NOT NULL,
  PRIMARY KEY (connector, object)
) WITHOUT ROWID;

CREATE TABLE pull_seen (
  connector TEXT NOT NULL,
  object    TEXT NOT NULL,
  crm_id    TEXT NOT NULL,
  PRIMARY KEY (connector, object, crm_id)
) WITHOUT ROWID;

-- The last complete check of an object's ids (a full pull or an id sweep) and what it found:
-- when the next sweep is due, and for `vitals status` what was deleted or held back. `held` counts
-- records a check would have deleted but did not, because they were more than the configured share
-- of the object (a lost permission looks like a mass delete): `--confirm-deletes` applies them.
CREATE TABLE id_checks (
  connector  TEXT NOT NULL,
  object     TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  how        TEXT NOT NULL CHECK (how IN ('full-pull', 'sweep')),
  live       INTEGER NOT NULL,
  missing    INTEGER NOT NULL,
  deleted    INTEGER NOT NULL,
  held       INTEGER NOT NULL,
  PRIMARY KEY (connector, object)
) WITHOUT ROWID;
