-- The task ledger keeps everything needed to resend a task exactly as first sent (a crash between
-- the CRM call and the local commit is repaired by resending the same key), and what auto-close
-- needs: how many scoring passes in a row the close condition held, and whether a person has
-- touched the task (then the engine leaves it alone).

ALTER TABLE tasks ADD COLUMN body TEXT;
ALTER TABLE tasks ADD COLUMN priority TEXT CHECK (priority IN ('high', 'normal', 'low'));
ALTER TABLE tasks ADD COLUMN owner_id TEXT;
-- 'create' or 'close' while a call is (or may be) in flight; NULL when the CRM is known to agree.
ALTER TABLE tasks ADD COLUMN pending_action TEXT CHECK (pending_action IN ('create', 'close'));
ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN error_code TEXT;
ALTER TABLE tasks ADD COLUMN clear_runs INTEGER NOT NULL DEFAULT 0;  -- passes in a row the close condition held
ALTER TABLE tasks ADD COLUMN checked_as_of TEXT;                     -- score pass last counted
ALTER TABLE tasks ADD COLUMN human_touched INTEGER NOT NULL DEFAULT 0;

CREATE INDEX tasks_in_flight ON tasks (connector, state) WHERE state IN ('pending', 'failed', 'open');
