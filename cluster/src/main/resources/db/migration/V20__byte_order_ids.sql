-- A report's id, district, idempotency key and incident are identifiers: compared for equality
-- and kept in order only for paging, never sorted for people. Under the database's locale
-- (C.UTF-8 here, a language's elsewhere) each B-tree comparison of them went through the C
-- library's collation, a dozen per index for every row inserted; byte order ("C") is a memcmp.
ALTER TABLE report ALTER COLUMN id TYPE VARCHAR(36) COLLATE "C";
ALTER TABLE report ALTER COLUMN district TYPE VARCHAR(64) COLLATE "C";
ALTER TABLE report ALTER COLUMN idempotency_key TYPE VARCHAR(400) COLLATE "C";
ALTER TABLE report ALTER COLUMN incident_id TYPE VARCHAR(36) COLLATE "C";
ALTER TABLE report_history ALTER COLUMN report_id TYPE VARCHAR(36) COLLATE "C";
ALTER TABLE report_media ALTER COLUMN report_id TYPE VARCHAR(36) COLLATE "C";
