-- Photos attached to reports (issue 24, the patroller's field app). Kept with the report, in the
-- same store and its backups; the bytes are stored after their metadata (GPS EXIF) was removed,
-- and never change. idempotency_key and request_hash work as on report: a retry under the same
-- (caller-scoped) key finds the stored photo, a key reused for other bytes is refused.
CREATE TABLE report_media (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    report_id        VARCHAR(36)   NOT NULL REFERENCES report (id),
    idempotency_key  VARCHAR(400),
    request_hash     VARCHAR(64)   NOT NULL,
    content_type     VARCHAR(32)   NOT NULL,
    content          BYTEA         NOT NULL,
    size             INTEGER       NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    actor            VARCHAR(200)  NOT NULL,
    created_at       BIGINT        NOT NULL
);
CREATE UNIQUE INDEX report_media_idempotency_key ON report_media (idempotency_key);
CREATE INDEX report_media_report ON report_media (report_id, created_at, id);
-- JPEG, PNG and WebP are compressed already: kept out of line without a second compression.
ALTER TABLE report_media ALTER COLUMN content SET STORAGE EXTERNAL;
