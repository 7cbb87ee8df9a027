-- Game servers (issue 3): servers, subusers, metrics (raw + 1-minute rollups), schedules.

CREATE TABLE servers (
    id            ${id},
    uuid          VARCHAR(36)  NOT NULL,
    identifier    VARCHAR(8)   NOT NULL,
    name          VARCHAR(191) NOT NULL,
    description   VARCHAR(500) NOT NULL,
    owner_id      BIGINT       NOT NULL,
    template      VARCHAR(64)  NOT NULL,
    startup       VARCHAR(2000) NOT NULL,
    variables     ${text}      NOT NULL,
    memory_mb     INT          NOT NULL,
    auto_restart  BOOLEAN      NOT NULL,
    suspended     BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT servers_owner FOREIGN KEY (owner_id) REFERENCES users (id)
);
CREATE UNIQUE INDEX servers_uuid ON servers (uuid);
CREATE UNIQUE INDEX servers_identifier ON servers (identifier);
CREATE INDEX servers_owner ON servers (owner_id);

CREATE TABLE server_subusers (
    id            ${id},
    server_id     BIGINT       NOT NULL,
    user_id       BIGINT       NOT NULL,
    permissions   ${text}      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT subusers_server FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE CASCADE,
    CONSTRAINT subusers_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX subusers_server_user ON server_subusers (server_id, user_id);
CREATE INDEX subusers_user ON server_subusers (user_id);

CREATE TABLE server_metrics (
    server_id     BIGINT       NOT NULL,
    sampled_at    BIGINT       NOT NULL,
    cpu_percent   DOUBLE PRECISION NOT NULL,
    memory_bytes  BIGINT       NOT NULL,
    disk_bytes    BIGINT       NOT NULL,
    CONSTRAINT metrics_server FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE CASCADE
);
CREATE INDEX server_metrics_time ON server_metrics (server_id, sampled_at);
CREATE INDEX server_metrics_prune ON server_metrics (sampled_at);

CREATE TABLE server_metrics_minute (
    server_id     BIGINT       NOT NULL,
    minute_at     BIGINT       NOT NULL,
    cpu_avg       DOUBLE PRECISION NOT NULL,
    cpu_max       DOUBLE PRECISION NOT NULL,
    memory_avg    BIGINT       NOT NULL,
    memory_max    BIGINT       NOT NULL,
    disk_bytes    BIGINT       NOT NULL,
    samples       INT          NOT NULL,
    PRIMARY KEY (server_id, minute_at),
    CONSTRAINT metrics_minute_server FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE CASCADE
);
CREATE INDEX server_metrics_minute_prune ON server_metrics_minute (minute_at);

CREATE TABLE server_schedules (
    id            ${id},
    server_id     BIGINT       NOT NULL,
    name          VARCHAR(191) NOT NULL,
    cron          VARCHAR(120) NOT NULL,
    active        BOOLEAN      NOT NULL,
    only_when_online BOOLEAN   NOT NULL,
    last_run_at   BIGINT,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT schedules_server FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE CASCADE
);
CREATE INDEX schedules_server ON server_schedules (server_id);

CREATE TABLE server_schedule_tasks (
    id            ${id},
    schedule_id   BIGINT       NOT NULL,
    sequence_id   INT          NOT NULL,
    action        VARCHAR(16)  NOT NULL,
    payload       VARCHAR(1000) NOT NULL,
    time_offset   INT          NOT NULL,
    continue_on_failure BOOLEAN NOT NULL,
    CONSTRAINT tasks_schedule FOREIGN KEY (schedule_id) REFERENCES server_schedules (id) ON DELETE CASCADE
);
CREATE INDEX tasks_schedule ON server_schedule_tasks (schedule_id, sequence_id);

CREATE TABLE server_schedule_runs (
    id            ${id},
    schedule_id   BIGINT       NOT NULL,
    manual        BOOLEAN      NOT NULL,
    started_at    BIGINT       NOT NULL,
    finished_at   BIGINT,
    outcome       VARCHAR(16)  NOT NULL,
    summary       VARCHAR(1000),
    CONSTRAINT runs_schedule FOREIGN KEY (schedule_id) REFERENCES server_schedules (id) ON DELETE CASCADE
);
CREATE INDEX runs_schedule ON server_schedule_runs (schedule_id, started_at);
