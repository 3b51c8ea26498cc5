-- Revocation of any token that names itself with a jti (issue 27): one table is the record every
-- node restores its list of refused tokens from, whatever the token was (a device link, an API
-- key, a token minted by the CLI). A row is needed only until the token expires anyway.
CREATE TABLE revoked_token (
    jti         VARCHAR(64)   NOT NULL PRIMARY KEY,
    expires_at  BIGINT        NOT NULL,
    revoked_at  BIGINT        NOT NULL,
    revoked_by  VARCHAR(200)  NOT NULL,
    reason      VARCHAR(500)
);

CREATE INDEX revoked_token_expires ON revoked_token (expires_at);

-- Device links revoked before this migration are refused from this table too.
INSERT INTO revoked_token (jti, expires_at, revoked_at, revoked_by, reason)
    SELECT jti, expires_at, revoked_at, 'device-link', NULL FROM device_link WHERE revoked_at IS NOT NULL;

-- API keys: intake tokens for integrations (an SMS gateway, Open311 clients), named, optionally
-- confined to channels and a rate. Only the token's jti is kept, never the token.
CREATE TABLE api_key (
    jti              VARCHAR(64)   NOT NULL PRIMARY KEY,
    name             VARCHAR(100)  NOT NULL,
    channels         VARCHAR(1000) NOT NULL, -- a JSON array of channels; empty: any
    rate_per_minute  INTEGER,                -- null: no rate of its own
    created_by       VARCHAR(200)  NOT NULL,
    created_at       BIGINT        NOT NULL,
    expires_at       BIGINT        NOT NULL,
    revoked_at       BIGINT,
    revoked_by       VARCHAR(200)
);

CREATE INDEX api_key_name ON api_key (name);
