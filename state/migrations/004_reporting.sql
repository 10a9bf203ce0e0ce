-- Reporting and alerts: the latest back-test per connector (so `vitals report` need not replay
-- renewals), where a connector's CRM shows an account in a browser (learned at sync, for links in
-- reports and alerts), and what became of each alert digest.

CREATE TABLE backtests (
  connector   TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  renewals    INTEGER NOT NULL,
  auc         REAL,                 -- null when the back-test had no churned and kept renewals to rank
  report      TEXT NOT NULL,        -- JSON: the whole back-test (metrics, calibration, bands)
  PRIMARY KEY (connector, computed_at)
) WITHOUT ROWID;

CREATE TABLE crm_links (
  connector    TEXT NOT NULL,
  object       TEXT NOT NULL,       -- the CRM object, e.g. Account, companies
  url_template TEXT NOT NULL,       -- `{id}` stands for the record id
  learned_at   TEXT NOT NULL,
  PRIMARY KEY (connector, object)
) WITHOUT ROWID;

-- One row per run and webhook. The webhook is named, never stored by URL: the URL is a secret.
CREATE TABLE alert_deliveries (
  run_id      INTEGER NOT NULL,
  webhook     TEXT NOT NULL,
  format      TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
  attempts    INTEGER NOT NULL,
  http_status INTEGER,
  error       TEXT,
  events      TEXT NOT NULL DEFAULT '{}',   -- JSON: what the digest carried (counts per event)
  sent_at     TEXT NOT NULL,
  PRIMARY KEY (run_id, webhook)
) WITHOUT ROWID;
