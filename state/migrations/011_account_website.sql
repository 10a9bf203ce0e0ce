-- An account's website (Salesforce Website, HubSpot domain) as the CRM holds it: the report
-- matches one customer held in two connectors by its domain.
ALTER TABLE accounts ADD COLUMN website TEXT;

-- Stored accounts were pulled without it, and an unchanged record is not pulled again: the next
-- sync pulls every connector's accounts from the start once.
DELETE FROM sync_cursors WHERE object = 'accounts';
