-- Multi-currency orgs keep every amount in its record's currency. The state keeps the amount as
-- the CRM holds it with its code (NULL: the corporate currency) and the org's rates as the last
-- run read them; amounts are converted when read, so a changed rate needs no re-pull.
ALTER TABLE accounts ADD COLUMN currency TEXT;
ALTER TABLE opportunities ADD COLUMN currency TEXT;

CREATE TABLE org_currencies (
  connector TEXT PRIMARY KEY,
  corporate TEXT NOT NULL,
  read_at   TEXT NOT NULL
) WITHOUT ROWID;

-- valid_from '' is the current rate; dated rates (Salesforce advanced currency management) hold
-- their period, valid_to exclusive and NULL while in force.
CREATE TABLE currency_rates (
  connector     TEXT NOT NULL,
  code          TEXT NOT NULL,
  valid_from    TEXT NOT NULL,
  valid_to      TEXT,
  per_corporate REAL NOT NULL CHECK (per_corporate > 0),
  PRIMARY KEY (connector, code, valid_from)
) WITHOUT ROWID;

-- Which canonical objects' rows were pulled with their currency mapped: when the mapping starts
-- (or stops) reading a record currency, the stored rows lack it and the object is pulled again.
CREATE TABLE currency_mapped (
  connector TEXT NOT NULL,
  object    TEXT NOT NULL,
  PRIMARY KEY (connector, object)
) WITHOUT ROWID;
