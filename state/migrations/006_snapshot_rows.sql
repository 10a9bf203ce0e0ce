-- Snapshots move to an ordinary (rowid) table. A snapshot holds about a kilobyte of JSON, more
-- than a WITHOUT ROWID b-tree keeps inside its pages on 4 KB pages (about 1,000 bytes): every row
-- spilled the rest into an overflow page of its own, so a snapshot took ~3.5 KB on disk and most
-- of a scoring pass's time went into writing those pages. In a rowid table a row sits in its
-- page (1.2 KB a snapshot) and a pass is appended in order. Columns, keys and the pass index keep
-- their names and meaning; the pass index now also orders a pass by account.

CREATE TABLE score_snapshots_rows (
  connector     TEXT NOT NULL,
  account_id    TEXT NOT NULL,
  as_of         TEXT NOT NULL,
  run_id        INTEGER REFERENCES runs (id),
  health        REAL NOT NULL,
  band          TEXT NOT NULL CHECK (band IN ('red', 'yellow', 'green')),
  churn_risk    REAL,
  risk_source   TEXT CHECK (risk_source IN ('prior', 'fitted')),
  coverage      REAL NOT NULL,
  measures      TEXT NOT NULL DEFAULT '{}',  -- JSON
  drivers       TEXT NOT NULL DEFAULT '[]',  -- JSON
  model_version TEXT NOT NULL,
  trend         TEXT CHECK (trend IN ('up', 'flat', 'down')),
  trend_change  REAL,   -- health now minus trend.changeDays ago
  trend_slope   REAL,   -- points per week
  drivers_text  TEXT,   -- <= drivers.maxLength, for the CRM field
  flags         TEXT NOT NULL DEFAULT '[]'   -- JSON: red flags
);

INSERT INTO score_snapshots_rows (connector, account_id, as_of, run_id, health, band, churn_risk, risk_source, coverage,
    measures, drivers, model_version, trend, trend_change, trend_slope, drivers_text, flags)
  SELECT connector, account_id, as_of, run_id, health, band, churn_risk, risk_source, coverage,
    measures, drivers, model_version, trend, trend_change, trend_slope, drivers_text, flags
  FROM score_snapshots ORDER BY connector, as_of, account_id;

DROP TABLE score_snapshots;
ALTER TABLE score_snapshots_rows RENAME TO score_snapshots;

-- The old primary key, and the pass index (passes are read whole, by account).
CREATE UNIQUE INDEX score_snapshots_by_account ON score_snapshots (connector, account_id, as_of);
CREATE INDEX score_snapshots_by_pass ON score_snapshots (connector, as_of, account_id);
