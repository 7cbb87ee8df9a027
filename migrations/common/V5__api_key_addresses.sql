-- API keys (issue 7, security monitor): the addresses each key has been used from, so the host
-- records an activity entry only the first time a key is seen from an address (no flood per request).
CREATE TABLE api_key_addresses (
    api_key_id    BIGINT      NOT NULL,
    ip            VARCHAR(64) NOT NULL,
    first_seen_at BIGINT      NOT NULL,
    PRIMARY KEY (api_key_id, ip),
    CONSTRAINT api_key_addresses_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE
);
