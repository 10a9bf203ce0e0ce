-- Canonical model, keyed by (connector, crm_id). Every row keeps modified_at (CRM), deleted_at
-- (soft delete, so scores and history stay explainable) and synced_at (when we last stored it).
-- content_hash lets an unchanged record cost nothing on the next sync.

CREATE TABLE accounts (
  connector        TEXT NOT NULL,
  crm_id           TEXT NOT NULL,
  name             TEXT,
  owner_id         TEXT,
  segment          TEXT,
  arr              REAL,
  renewal_date     TEXT,
  last_activity_at TEXT,
  created_at       TEXT,
  extras           TEXT NOT NULL DEFAULT '{}',   -- JSON: mapped numeric extras (usage, NPS)
  crm_outputs      TEXT NOT NULL DEFAULT '{}',   -- JSON: score fields as the CRM holds them now
  content_hash     TEXT NOT NULL,
  modified_at      TEXT,
  deleted_at       TEXT,
  synced_at        TEXT NOT NULL,
  PRIMARY KEY (connector, crm_id)
) WITHOUT ROWID;

CREATE TABLE opportunities (
  connector    TEXT NOT NULL,
  crm_id       TEXT NOT NULL,
  account_id   TEXT,
  name         TEXT,
  type         TEXT CHECK (type IN ('new', 'renewal', 'expansion', 'other')),
  stage        TEXT,
  probability  REAL,
  is_closed    INTEGER,
  is_won       INTEGER,
  amount       REAL,
  close_date   TEXT,
  created_at   TEXT,
  content_hash TEXT NOT NULL,
  modified_at  TEXT,
  deleted_at   TEXT,
  synced_at    TEXT NOT NULL,
  PRIMARY KEY (connector, crm_id)
) WITHOUT ROWID;
CREATE INDEX opportunities_by_account ON opportunities (connector, account_id);

CREATE TABLE tickets (
  connector    TEXT NOT NULL,
  crm_id       TEXT NOT NULL,
  account_id   TEXT,
  subject      TEXT,
  priority     TEXT CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  status       TEXT,
  is_closed    INTEGER,
  is_escalated INTEGER,
  created_at   TEXT,
  closed_at    TEXT,
  csat         REAL,
  content_hash TEXT NOT NULL,
  modified_at  TEXT,
  deleted_at   TEXT,
  synced_at    TEXT NOT NULL,
  PRIMARY KEY (connector, crm_id)
) WITHOUT ROWID;
CREATE INDEX tickets_by_account ON tickets (connector, account_id);

CREATE TABLE owners (
  connector    TEXT NOT NULL,
  crm_id       TEXT NOT NULL,
  name         TEXT,
  email        TEXT,
  is_active    INTEGER,
  content_hash TEXT NOT NULL,
  modified_at  TEXT,
  deleted_at   TEXT,
  synced_at    TEXT NOT NULL,
  PRIMARY KEY (connector, crm_id)
) WITHOUT ROWID;

-- Records that did not fit the mapping: kept with the reason, reported by `vitals status`,
-- cleared when a later version of the record stores cleanly.
CREATE TABLE quarantine (
  connector     TEXT NOT NULL,
  object        TEXT NOT NULL,
  crm_id        TEXT NOT NULL,
  reason        TEXT NOT NULL,
  record        TEXT,
  first_seen_at TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  PRIMARY KEY (connector, object, crm_id)
) WITHOUT ROWID;

-- Where each pull stands; advanced in the same transaction as the page it covers.
CREATE TABLE sync_cursors (
  connector  TEXT NOT NULL,
  object     TEXT NOT NULL,
  cursor     TEXT NOT NULL,  -- JSON, owned by the connector
  pulled     INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (connector, object)
) WITHOUT ROWID;

CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,   -- run | sync | backfill | score | writeback
  connector   TEXT,            -- null when the run covered every connector
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'aborted')),
  counts      TEXT NOT NULL DEFAULT '{}',  -- JSON: pulled, unchanged, written, failed, ...
  api_calls   INTEGER NOT NULL DEFAULT 0,
  api_budget  TEXT,            -- JSON per connector: daily limit and remaining seen at the end
  error       TEXT,
  pid         INTEGER
);
CREATE INDEX runs_by_start ON runs (started_at);

CREATE TABLE score_snapshots (
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
  PRIMARY KEY (connector, account_id, as_of)
) WITHOUT ROWID;

-- Last value written per record and field, and writes waiting for a retry.
CREATE TABLE writes (
  connector          TEXT NOT NULL,
  object             TEXT NOT NULL,
  crm_id             TEXT NOT NULL,
  field              TEXT NOT NULL,
  last_written_value TEXT,
  last_written_at    TEXT,
  pending_value      TEXT,
  status             TEXT NOT NULL CHECK (status IN ('written', 'pending', 'failed', 'gave_up')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  error_code         TEXT,
  error_message      TEXT,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (connector, crm_id, field)
) WITHOUT ROWID;

-- CSM tasks by dedupe key; the same key is stored on the CRM task.
CREATE TABLE tasks (
  connector  TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  rule       TEXT NOT NULL,
  account_id TEXT NOT NULL,
  episode    INTEGER NOT NULL,
  crm_id     TEXT,
  state      TEXT NOT NULL CHECK (state IN ('pending', 'open', 'completed', 'closed', 'failed')),
  subject    TEXT,
  due_date   TEXT,
  error      TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at  TEXT,
  PRIMARY KEY (connector, dedupe_key)
) WITHOUT ROWID;
CREATE INDEX tasks_by_account ON tasks (connector, account_id, rule);

-- One holder at a time for runs (scheduler and cron alike); stale holders are taken over.
CREATE TABLE locks (
  name         TEXT PRIMARY KEY,
  holder       TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  acquired_at  TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
) WITHOUT ROWID;
