-- Idempotent intake: a retry carrying the same key (scoped to the caller) or the same
-- client-generated id finds the stored report instead of creating a second one.
-- request_hash tells a true retry (same request) from a key reused for another request.
ALTER TABLE report ADD COLUMN idempotency_key VARCHAR(400);
ALTER TABLE report ADD COLUMN request_hash VARCHAR(64);
CREATE UNIQUE INDEX report_idempotency_key ON report (idempotency_key);
