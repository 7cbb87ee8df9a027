-- Assistant actions (issue 9): tool calls in the conversation, and state-changing actions that
-- wait for the user's confirmation. Times: epoch millis. Every read is scoped by owner_id.

-- An assistant message may carry the model's tool calls (JSON array as Ollama sent them); a
-- message with role 'tool' is a tool's result, sent back to the model as data.
ALTER TABLE ai_messages ADD COLUMN tool_calls ${text};
ALTER TABLE ai_messages ADD COLUMN tool_name VARCHAR(60);

-- status: pending | running | done | failed | declined. Only a pending row can be confirmed or
-- declined, once (a conditional UPDATE decides). server_* are what the card shows.
CREATE TABLE ai_actions (
    id               ${id},
    conversation_id  BIGINT       NOT NULL,
    owner_id         BIGINT       NOT NULL,
    message_id       BIGINT       NOT NULL,
    tool             VARCHAR(60)  NOT NULL,
    server_uuid      VARCHAR(36)  NOT NULL,
    server_name      VARCHAR(191) NOT NULL,
    arguments        ${text}      NOT NULL,
    summary          VARCHAR(500) NOT NULL,
    status           VARCHAR(10)  NOT NULL,
    result           VARCHAR(1000),
    created_at       BIGINT       NOT NULL,
    decided_at       BIGINT
);
CREATE INDEX ai_actions_conversation ON ai_actions (conversation_id, id);
