-- The rocket alert a report arrived under (docs/alerts.md): its response time counts from the
-- alert's end. Null for every other report.
ALTER TABLE report ADD COLUMN alert_id TEXT, ADD COLUMN alert_threat TEXT;
