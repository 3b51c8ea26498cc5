-- District layers an admin activated without a restart (geo issue). The content is kept so
-- every node, and every node started later, routes with the same version; the newest
-- activation is the active layer.
CREATE TABLE district_layer (
    version      VARCHAR(64)   NOT NULL PRIMARY KEY,
    name         VARCHAR(500)  NOT NULL,
    source_crs   VARCHAR(32),
    content      TEXT          NOT NULL,
    activated_at BIGINT        NOT NULL,
    activated_by VARCHAR(200)  NOT NULL
);
CREATE INDEX district_layer_activated ON district_layer (activated_at DESC);
