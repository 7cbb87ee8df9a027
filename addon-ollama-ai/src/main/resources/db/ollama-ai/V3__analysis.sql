-- Scheduled analysis (issue 7). Times: epoch millis.

-- Findings stored before the model explained them carry ai_status 'pending' ("no AI summary yet")
-- and are completed on a later run; 'none' = no model involved, 'done' = explained.
ALTER TABLE ai_insights ADD COLUMN ai_status VARCHAR(10) DEFAULT 'none' NOT NULL;
ALTER TABLE ai_insights ADD COLUMN fingerprint VARCHAR(64);
ALTER TABLE ai_insights ADD COLUMN acknowledged_at BIGINT;
ALTER TABLE ai_insights ADD COLUMN dismissed_at BIGINT;
CREATE INDEX ai_insights_status ON ai_insights (ai_status, created_at);
CREATE INDEX ai_insights_fingerprint ON ai_insights (server_uuid, fingerprint);

-- Where each analysis stopped, per server and source: a log byte offset, the last metrics sample
-- time, the last activity entry id. Written in the same transaction as the findings of that run.
CREATE TABLE ai_analysis_cursors (
    server_uuid VARCHAR(36)  NOT NULL,
    source      VARCHAR(20)  NOT NULL,
    cursor_at   BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    PRIMARY KEY (server_uuid, source)
);

-- Templates seen per server, so later runs can flag new ones.
CREATE TABLE ai_log_templates (
    server_uuid VARCHAR(36)  NOT NULL,
    fingerprint VARCHAR(64)  NOT NULL,
    template    VARCHAR(1000) NOT NULL,
    level       VARCHAR(10),
    seen        BIGINT       NOT NULL,
    first_seen  BIGINT       NOT NULL,
    last_seen   BIGINT       NOT NULL,
    PRIMARY KEY (server_uuid, fingerprint)
);

-- One row per run of an analysis job: what it did and what it cost.
CREATE TABLE ai_analysis_runs (
    id          ${id},
    job         VARCHAR(40)  NOT NULL,
    started_at  BIGINT       NOT NULL,
    duration_ms BIGINT       NOT NULL,
    items       BIGINT       NOT NULL,
    findings    INT          NOT NULL,
    tokens_in   INT          NOT NULL,
    tokens_out  INT          NOT NULL,
    summary     VARCHAR(300) NOT NULL
);
CREATE INDEX ai_analysis_runs_job ON ai_analysis_runs (job, started_at);

-- IP addresses seen per user (security monitor: logins from new addresses).
CREATE TABLE ai_known_ips (
    user_id     BIGINT       NOT NULL,
    ip          VARCHAR(64)  NOT NULL,
    first_seen  BIGINT       NOT NULL,
    PRIMARY KEY (user_id, ip)
);

-- Daily and weekly reports.
CREATE TABLE ai_reports (
    id           ${id},
    period       VARCHAR(10)  NOT NULL,
    server_uuid  VARCHAR(36),
    period_start BIGINT       NOT NULL,
    period_end   BIGINT       NOT NULL,
    created_at   BIGINT       NOT NULL,
    title        VARCHAR(200) NOT NULL,
    markdown     ${text}      NOT NULL
);
CREATE INDEX ai_reports_time ON ai_reports (created_at);
