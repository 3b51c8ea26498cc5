-- Device sign-in links: the patroller tokens minted for shared tablets, so that a supervisor can
-- list them and revoke one before it expires. Times in epoch milliseconds, like mode_state.
-- Revoked rows are restored into the cluster's revocation list at every start.
CREATE TABLE device_link (
    jti         VARCHAR(64)   NOT NULL PRIMARY KEY,
    subject     VARCHAR(100)  NOT NULL,
    districts   VARCHAR(4000) NOT NULL, -- a JSON array of district ids
    issued_by   VARCHAR(200)  NOT NULL,
    issued_at   BIGINT        NOT NULL,
    expires_at  BIGINT        NOT NULL,
    revoked_at  BIGINT
);

CREATE INDEX device_link_expires ON device_link (expires_at);
