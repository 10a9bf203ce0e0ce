-- What each object of a backfill has read so far, so a resumed backfill's progress starts from
-- what is already stored instead of from 0.
CREATE TABLE backfill_pulled (
  backfill_id INTEGER NOT NULL REFERENCES backfills (id) ON DELETE CASCADE,
  object      TEXT NOT NULL,
  pulled      INTEGER NOT NULL,
  PRIMARY KEY (backfill_id, object)
) WITHOUT ROWID;
