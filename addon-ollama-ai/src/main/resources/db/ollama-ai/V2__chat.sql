-- The assistant's conversations (issue 6). Times: epoch millis. Every read is scoped by owner_id.

CREATE TABLE ai_conversations (
    id          ${id},
    owner_id    BIGINT       NOT NULL,
    title       VARCHAR(200) NOT NULL,
    preset      VARCHAR(60)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE INDEX ai_conversations_owner ON ai_conversations (owner_id, updated_at);

-- role: user | assistant | support (a human's answer); status: complete | stopped | error.
-- A partial answer (stopped by the user, or cut by a model failure) is kept with its status.
CREATE TABLE ai_messages (
    id               ${id},
    conversation_id  BIGINT       NOT NULL,
    role             VARCHAR(20)  NOT NULL,
    content          ${text}      NOT NULL,
    model            VARCHAR(200),
    tokens_in        INT,
    tokens_out       INT,
    ttft_ms          INT,
    duration_ms      INT,
    status           VARCHAR(10)  NOT NULL,
    error            VARCHAR(500),
    context_used     VARCHAR(300),
    created_at       BIGINT       NOT NULL
);
CREATE INDEX ai_messages_conversation ON ai_messages (conversation_id, id);

-- "Talk to a human": one open ticket per conversation at a time, with the model's triage.
CREATE TABLE ai_escalations (
    id               ${id},
    conversation_id  BIGINT       NOT NULL,
    owner_id         BIGINT       NOT NULL,
    category         VARCHAR(30)  NOT NULL,
    urgency          VARCHAR(10)  NOT NULL,
    summary          VARCHAR(500),
    suggested_reply  ${text},
    status           VARCHAR(10)  NOT NULL,
    created_at       BIGINT       NOT NULL,
    answered_at      BIGINT,
    answered_by      BIGINT
);
CREATE INDEX ai_escalations_status ON ai_escalations (status, created_at);
