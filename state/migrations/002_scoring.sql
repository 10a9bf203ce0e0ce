-- Scoring: one row per scoring pass of a connector, what the write-back and the trend need on
-- each snapshot, and the little each account carries from run to run. score_snapshots.churn_risk
-- holds a probability (0-1); readers that face the CRM convert it to a percentage.

CREATE TABLE score_passes (
  connector     TEXT NOT NULL,
  as_of         TEXT NOT NULL,   -- the as_of of every snapshot written by the pass
  run_id        INTEGER REFERENCES runs (id),
  model_version TEXT NOT NULL,
  risk_source   TEXT CHECK (risk_source IN ('prior', 'fitted')),
  accounts      INTEGER NOT NULL,
  summary       TEXT NOT NULL DEFAULT '{}',  -- JSON: bands, coverage, churn model and its labels
  PRIMARY KEY (connector, as_of)
) WITHOUT ROWID;

ALTER TABLE score_snapshots ADD COLUMN trend TEXT CHECK (trend IN ('up', 'flat', 'down'));
ALTER TABLE score_snapshots ADD COLUMN trend_change REAL;   -- health now minus trend.changeDays ago
ALTER TABLE score_snapshots ADD COLUMN trend_slope REAL;    -- points per week
ALTER TABLE score_snapshots ADD COLUMN drivers_text TEXT;   -- <= drivers.maxLength, for the CRM field
ALTER TABLE score_snapshots ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';  -- JSON: red flags

-- Passes are read whole (the latest, for the write-back and tasks).
CREATE INDEX score_snapshots_by_pass ON score_snapshots (connector, as_of);

-- What the next pass needs from the earlier ones, one small row per account, so that a run reads
-- as many rows as there are accounts however long the history grows.
CREATE TABLE score_carry (
  connector      TEXT NOT NULL,
  account_id     TEXT NOT NULL,
  as_of          TEXT NOT NULL,   -- the pass that wrote it
  band           TEXT NOT NULL CHECK (band IN ('red', 'yellow', 'green')),
  recent_healths TEXT NOT NULL,   -- JSON: healths of the last passes, newest first (band hysteresis)
  measure_scores TEXT NOT NULL,   -- JSON: {measure: score} at the last pass (what moved the score)
  daily          TEXT NOT NULL,   -- JSON: [day number, health] of each day's last pass (trend)
  UNIQUE (connector, account_id)
);
