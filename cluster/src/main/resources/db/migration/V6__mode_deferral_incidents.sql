-- Emergency mode (emergency issue): deferred low-priority reports, incident grouping, and the
-- audit log of every mode change.
ALTER TABLE report ADD COLUMN deferred BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE report ADD COLUMN incident_id VARCHAR(36);
CREATE INDEX report_incident ON report (incident_id);

CREATE TABLE mode_audit (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    at         BIGINT        NOT NULL,
    mode       VARCHAR(16)   NOT NULL,
    previous   VARCHAR(16)   NOT NULL,
    trigger    VARCHAR(32)   NOT NULL,
    actor      VARCHAR(200)  NOT NULL,
    reason     VARCHAR(2000) NOT NULL,
    details    VARCHAR(4000)
);
CREATE INDEX mode_audit_at ON mode_audit (at DESC);
