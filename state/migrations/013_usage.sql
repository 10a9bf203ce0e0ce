-- Product usage read from usage sources (files, PostgreSQL, a module), per account key and UTC day.

-- Account fields a usage source may be matched by (an external id) or measured against (seats).
ALTER TABLE accounts ADD COLUMN external_id TEXT;
ALTER TABLE accounts ADD COLUMN seats REAL;

-- Which optional canonical fields each object's stored rows were pulled with: when the mapping
-- starts (or stops) reading one, the stored rows lack it and the object is pulled again once.
-- Replaces currency_mapped, which kept this for the record currency alone.
CREATE TABLE mapped_fields (
  connector TEXT NOT NULL,
  object    TEXT NOT NULL,
  field     TEXT NOT NULL,
  PRIMARY KEY (connector, object, field)
) WITHOUT ROWID;
INSERT INTO mapped_fields (connector, object, field) SELECT connector, object, 'currency' FROM currency_mapped;
DROP TABLE currency_mapped;

-- Distinct keys per source, normalised for the source's match field (`raw_key`: as the source
-- last wrote it, for messages), with the days they span: matching runs on these, never on the days.
CREATE TABLE usage_keys (
  id        INTEGER PRIMARY KEY,
  source    TEXT NOT NULL,
  key       TEXT NOT NULL,
  raw_key   TEXT NOT NULL,
  first_day INTEGER NOT NULL,
  last_day  INTEGER NOT NULL,
  UNIQUE (source, key)
);

-- Daily aggregates as the source computed them, per key (`usage_keys.id`: a number, not the key
-- text, on each of millions of rows) and UTC day (days since 1970-01-01). NULL: the source gives
-- no such metric.
CREATE TABLE usage_daily (
  key_id           INTEGER NOT NULL,
  day              INTEGER NOT NULL,
  active_users     REAL,
  active_users_30d REAL,
  events           REAL,
  features_30d     REAL,
  seats            REAL,
  PRIMARY KEY (key_id, day)
) WITHOUT ROWID;

-- Where each source's reading stands. `read_from`..`read_through` (UTC days) is what the state
-- holds; a run re-reads from `read_through - lateDays + 1` and replaces those days. `setting`
-- is a digest of the source's config that shapes the rows (match field, format, columns): when
-- it changes, the stored rows are dropped and read again.
CREATE TABLE usage_reads (
  source       TEXT PRIMARY KEY,
  setting      TEXT NOT NULL,
  read_from    INTEGER,
  read_through INTEGER,
  -- The latest day any key has data for: a source that lags (yesterday's figures arrive today)
  -- covers days up to here, not up to the day read, so today's missing row is not read as no use.
  data_through INTEGER,
  read_at      TEXT,
  rows         INTEGER NOT NULL DEFAULT 0,
  -- The last failed read: its message and when; cleared by the next read that succeeds.
  error        TEXT,
  failed_at    TEXT
) WITHOUT ROWID;

-- Usage keys matched to CRM accounts, rebuilt from the accounts and usage_keys before scoring.
-- `rank` is the source's place in the config: where two sources cover one account and day, the
-- first with a value wins.
CREATE TABLE usage_links (
  connector  TEXT NOT NULL,
  account_id TEXT NOT NULL,
  key_id     INTEGER NOT NULL,
  source     TEXT NOT NULL,
  rank       INTEGER NOT NULL,
  PRIMARY KEY (connector, account_id, key_id)
) WITHOUT ROWID;
CREATE INDEX usage_links_by_source ON usage_links (source);
