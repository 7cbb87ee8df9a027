CREATE TABLE users (
    id            ${id},
    email         VARCHAR(191) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    root_admin    BOOLEAN      NOT NULL,
    suspended     BOOLEAN      NOT NULL,
    totp_secret   VARCHAR(64),
    totp_enabled  BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
    id_hash       VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id       BIGINT,
    pending_user_id BIGINT,
    csrf_token    VARCHAR(64)  NOT NULL,
    ip            VARCHAR(64),
    user_agent    VARCHAR(255),
    created_at    BIGINT       NOT NULL,
    last_seen_at  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
    id            ${id},
    user_id       BIGINT       NOT NULL,
    name          VARCHAR(100) NOT NULL,
    prefix        VARCHAR(16)  NOT NULL,
    key_hash      VARCHAR(64)  NOT NULL,
    allowed_ips   VARCHAR(1000),
    created_at    BIGINT       NOT NULL,
    last_used_at  BIGINT,
    last_used_ip  VARCHAR(64),
    revoked_at    BIGINT,
    CONSTRAINT api_keys_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX api_keys_prefix ON api_keys (prefix);

CREATE TABLE activity_log (
    id            ${id},
    actor_id      BIGINT,
    action        VARCHAR(100) NOT NULL,
    subject       VARCHAR(191),
    ip            VARCHAR(64),
    metadata      ${text},
    created_at    BIGINT       NOT NULL
);
CREATE INDEX activity_time ON activity_log (created_at);
CREATE INDEX activity_actor ON activity_log (actor_id, created_at);
CREATE INDEX activity_action ON activity_log (action, created_at);

CREATE TABLE settings (
    namespace     VARCHAR(64)  NOT NULL,
    name          VARCHAR(128) NOT NULL,
    setting_value ${text}      NOT NULL,
    updated_at    BIGINT       NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE addon_states (
    addon_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    enabled       BOOLEAN      NOT NULL,
    updated_at    BIGINT       NOT NULL
);

CREATE TABLE job_runs (
    id            ${id},
    job_group     VARCHAR(64)  NOT NULL,
    job_key       VARCHAR(64)  NOT NULL,
    manual        BOOLEAN      NOT NULL,
    started_at    BIGINT       NOT NULL,
    finished_at   BIGINT       NOT NULL,
    outcome       VARCHAR(16)  NOT NULL,
    summary       VARCHAR(1000)
);
CREATE INDEX job_runs_job ON job_runs (job_group, job_key, started_at);
