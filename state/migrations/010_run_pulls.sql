-- Records pulled per connector and object by one run, JSON {"acme-sf": {"opportunities": 12}}: the
-- cursor's own count is cumulative, so without this `status` could not say what the last run read.
ALTER TABLE runs ADD COLUMN pulled TEXT;
