-- One schema for H2 (embedded default) and PostgreSQL (production).
-- Times are epoch milliseconds (BIGINT): portable, exact, and zone-free; the API formats them.
CREATE TABLE report (
    id               VARCHAR(36)      NOT NULL PRIMARY KEY,
    district         VARCHAR(64)      NOT NULL,
    layer_version    VARCHAR(64)      NOT NULL,
    snapped          BOOLEAN          NOT NULL,
    snap_distance_m  DOUBLE PRECISION NOT NULL,
    category         VARCHAR(64)      NOT NULL,
    status           VARCHAR(16)      NOT NULL,
    description      VARCHAR(4000),
    lon              DOUBLE PRECISION NOT NULL,
    lat              DOUBLE PRECISION NOT NULL,
    reporter_name    VARCHAR(200),
    reporter_phone   VARCHAR(40),
    channel          VARCHAR(32)      NOT NULL,
    received_at      BIGINT           NOT NULL,
    version          INTEGER          NOT NULL
);

CREATE INDEX report_received ON report (received_at DESC, id DESC);
CREATE INDEX report_district_received ON report (district, received_at DESC, id DESC);
CREATE INDEX report_status ON report (status);

-- /ready writes here to prove the store is writable.
CREATE TABLE store_probe (
    node    VARCHAR(64) NOT NULL PRIMARY KEY,
    probed  BIGINT      NOT NULL
);
