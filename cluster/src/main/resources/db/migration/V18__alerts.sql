-- Rocket alerts (docs/alerts.md): the alert as relayed, with its areas, their districts and the
-- patrollers on duty there as they were when it came (JSON arrays: they are read and written
-- whole). source_id makes the same alert relayed twice, or by two nodes, one row. version grows
-- by one at every change, so that the cluster's map never takes an older state over a newer one.
CREATE TABLE alerts (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    source_id    VARCHAR(128)  NOT NULL UNIQUE,
    threat       VARCHAR(32)   NOT NULL,
    stay_seconds INTEGER       NOT NULL,
    started_at   BIGINT        NOT NULL,
    ends_at      BIGINT        NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    cleared_at   BIGINT,
    cleared_by   VARCHAR(200),
    created_by   VARCHAR(200)  NOT NULL,
    areas        TEXT          NOT NULL,
    districts    TEXT          NOT NULL,
    concerned    TEXT          NOT NULL,
    version      BIGINT        NOT NULL
);

-- The sweep finds the active alerts whose stay time ran out; listings take the recent ones.
CREATE INDEX alerts_active ON alerts (ends_at) WHERE status = 'active';
CREATE INDEX alerts_cleared ON alerts (cleared_at);

-- Who did what to an alert: created, areas_added, cleared, ended, safe.
CREATE TABLE alert_audit (
    id        BIGSERIAL     NOT NULL PRIMARY KEY,
    alert_id  VARCHAR(64)   NOT NULL REFERENCES alerts (id),
    at        BIGINT        NOT NULL,
    action    VARCHAR(16)   NOT NULL,
    actor     VARCHAR(200)  NOT NULL,
    detail    TEXT
);
CREATE INDEX alert_audit_alert ON alert_audit (alert_id, at);

-- Patrollers who answered "I am safe": the first answer is kept.
CREATE TABLE alert_safe (
    alert_id   VARCHAR(64)   NOT NULL REFERENCES alerts (id),
    patroller  VARCHAR(200)  NOT NULL,
    at         BIGINT        NOT NULL,
    districts  TEXT          NOT NULL,
    PRIMARY KEY (alert_id, patroller)
);
