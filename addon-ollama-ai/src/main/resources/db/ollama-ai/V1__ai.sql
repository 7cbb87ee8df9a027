-- ollama-ai add-on tables (history table flyway_history_ollama_ai). Placeholders ${id}/${text}
-- come from the host so the same SQL runs on H2, PostgreSQL and MariaDB. Times: epoch millis.

-- One row per call to a model (and per failed attempt): the audit and usage charts read it.
CREATE TABLE ai_usage (
    id           ${id},
    created_at   BIGINT       NOT NULL,
    user_id      BIGINT,
    feature      VARCHAR(20)  NOT NULL,
    operation    VARCHAR(20)  NOT NULL,
    model        VARCHAR(200),
    prompt_chars INT          NOT NULL,
    tokens_in    INT,
    tokens_out   INT,
    ttft_ms      INT,
    duration_ms  INT          NOT NULL,
    outcome      VARCHAR(20)  NOT NULL,
    error_type   VARCHAR(40)
);
CREATE INDEX ai_usage_time ON ai_usage (created_at);
CREATE INDEX ai_usage_user ON ai_usage (user_id, created_at);

-- Insights, alerts and recommendations, each with the evidence behind it.
CREATE TABLE ai_insights (
    id             ${id},
    created_at     BIGINT       NOT NULL,
    server_uuid    VARCHAR(36),
    server_name    VARCHAR(100),
    owner_id       BIGINT,
    kind           VARCHAR(20)  NOT NULL,
    category       VARCHAR(30)  NOT NULL,
    severity       VARCHAR(10)  NOT NULL,
    title          VARCHAR(200) NOT NULL,
    explanation    ${text},
    recommendation ${text},
    evidence       ${text},
    model          VARCHAR(200),
    resolved_at    BIGINT
);
CREATE INDEX ai_insights_time ON ai_insights (created_at);
CREATE INDEX ai_insights_owner ON ai_insights (owner_id, created_at);
CREATE INDEX ai_insights_server ON ai_insights (server_uuid, created_at);

-- Custom chat presets (the built-in ones live in code).
CREATE TABLE ai_presets (
    id            ${id},
    name          VARCHAR(60)  NOT NULL,
    description   VARCHAR(300),
    model         VARCHAR(200) NOT NULL,
    temperature   DOUBLE PRECISION NOT NULL,
    max_tokens    INT,
    system_prompt ${text},
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX ai_presets_name ON ai_presets (name);
