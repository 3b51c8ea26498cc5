-- The mode in force, so that an emergency (and a supervisor's hold) survives a full restart of
-- the cluster. One row; version grows by one at each audited change, which is written in the
-- same transaction as its mode_audit entry.
CREATE TABLE mode_state (
    id       INTEGER       NOT NULL PRIMARY KEY CHECK (id = 1),
    version  BIGINT        NOT NULL,
    mode     VARCHAR(16)   NOT NULL,
    manual   BOOLEAN       NOT NULL,
    trigger  VARCHAR(32)   NOT NULL,
    actor    VARCHAR(200)  NOT NULL,
    reason   VARCHAR(2000) NOT NULL,
    since    BIGINT        NOT NULL
);

-- Deferred reports are released whenever the city is in routine: the check finds the few (or
-- none) still deferred without reading the table.
CREATE INDEX report_deferred ON report (status) WHERE deferred;
