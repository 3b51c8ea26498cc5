-- Status changes (live-streams issue): priority for triage and filters, the assignee, the time
-- of the last change, and every change's history.
ALTER TABLE report ADD COLUMN priority INTEGER DEFAULT 2 NOT NULL;
ALTER TABLE report ADD COLUMN assignee VARCHAR(200);
ALTER TABLE report ADD COLUMN updated_at BIGINT;
UPDATE report SET updated_at = received_at;
ALTER TABLE report ALTER COLUMN updated_at SET NOT NULL;

-- Version 1 (creation) is the report row itself; every later version has a row here.
CREATE TABLE report_history (
    report_id  VARCHAR(36)   NOT NULL,
    version    INTEGER       NOT NULL,
    at         BIGINT        NOT NULL,
    actor      VARCHAR(200)  NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    assignee   VARCHAR(200),
    note       VARCHAR(2000),
    PRIMARY KEY (report_id, version)
);
