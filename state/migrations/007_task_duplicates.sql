-- Tasks are kept one per dedupe key by the engine, not by a CRM constraint (HubSpot has no
-- unique properties on tasks; a Salesforce org may have none). When two CRM tasks are ever found
-- holding one key, the oldest is kept and the others archived; each one removed is recorded
-- here, so `vitals status` says so and a run killed before archiving finishes the next time.
CREATE TABLE task_duplicates (
  connector   TEXT NOT NULL,
  crm_id      TEXT NOT NULL,
  dedupe_key  TEXT NOT NULL,
  kept_crm_id TEXT NOT NULL,
  found_at    TEXT NOT NULL,
  archived_at TEXT,
  error       TEXT,
  PRIMARY KEY (connector, crm_id)
) WITHOUT ROWID;
