package dev.talon.ai.chat;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Conversations and their messages ({@code ai_conversations}, {@code ai_messages}). Every method
 * that takes an owner only sees that owner's rows: a conversation of someone else is simply absent
 * (the routes answer 404, administrators included). Thread-safe.
 */
public final class ChatStore {

    private static final RowMapper<Conversation> CONVERSATION = (rs, ctx) -> new Conversation(rs.getLong("id"),
            rs.getLong("owner_id"), rs.getString("title"), rs.getString("preset"), rs.getLong("created_at"),
            rs.getLong("updated_at"));

    private static final RowMapper<StoredMessage> MESSAGE = (rs, ctx) -> new StoredMessage(rs.getLong("id"),
            rs.getLong("conversation_id"), rs.getString("role"), rs.getString("content"), rs.getString("model"),
            rs.getObject("tokens_in", Integer.class), rs.getObject("tokens_out", Integer.class),
            rs.getObject("ttft_ms", Integer.class), rs.getObject("duration_ms", Integer.class), rs.getString("status"),
            rs.getString("error"), rs.getString("context_used"), rs.getLong("created_at"), rs.getString("tool_calls"),
            rs.getString("tool_name"));

    /** What to store for a new message; numbers may be null when unknown. */
    public record NewMessage(String role, String content, String model, Integer tokensIn, Integer tokensOut, Integer ttftMs,
                             Integer durationMs, String status, String error, String contextUsed, String toolCalls,
                             String toolName) {
        public NewMessage(String role, String content, String model, Integer tokensIn, Integer tokensOut, Integer ttftMs,
                          Integer durationMs, String status, String error, String contextUsed) {
            this(role, content, model, tokensIn, tokensOut, ttftMs, durationMs, status, error, contextUsed, null, null);
        }

        public static NewMessage user(String content) {
            return new NewMessage("user", content, null, null, null, null, null, StoredMessage.COMPLETE, null, null);
        }

        /** A tool's result for the model (not shown to people). */
        public static NewMessage tool(String toolName, String content) {
            return new NewMessage("tool", content, null, null, null, null, null, StoredMessage.COMPLETE, null, null, null,
                    clip(toolName, 60));
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public ChatStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Conversation create(long ownerId, String title, String preset) {
        long now = clock.millis();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO ai_conversations (owner_id, title, preset, created_at, updated_at)
                        VALUES (:owner, :title, :preset, :now, :now)""")
                .bind("owner", ownerId).bind("title", clip(title, 200)).bind("preset", clip(preset, 60)).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Conversation(id, ownerId, clip(title, 200), preset, now, now);
    }

    /** The owner's conversations, newest first; {@code search} matches titles and message text. */
    public List<Conversation> list(long ownerId, String search, int limit) {
        String term = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM ai_conversations c WHERE owner_id = :owner"
                            + (term.isEmpty() ? "" : " AND (LOWER(title) LIKE :term ESCAPE '!' OR EXISTS (SELECT 1 FROM ai_messages m"
                            + " WHERE m.conversation_id = c.id AND LOWER(m.content) LIKE :term ESCAPE '!'))")
                            + " ORDER BY updated_at DESC, id DESC")
                    .bind("owner", ownerId).setMaxRows(limit);
            if (!term.isEmpty()) {
                query.bind("term", "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            return query.map(CONVERSATION).list();
        });
    }

    /** The conversation if it exists and belongs to {@code ownerId}; empty otherwise. */
    public Optional<Conversation> find(long ownerId, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ai_conversations WHERE id = :id AND owner_id = :owner")
                .bind("id", id).bind("owner", ownerId).map(CONVERSATION).findOne());
    }

    /** A conversation by id alone: for the support desk, which answers on the owner's behalf. */
    public Optional<Conversation> findAnyOwner(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ai_conversations WHERE id = :id")
                .bind("id", id).map(CONVERSATION).findOne());
    }

    /** Messages in order. Callers check ownership with {@link #find} first. */
    public List<StoredMessage> messages(long conversationId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ai_messages WHERE conversation_id = :c ORDER BY id")
                .bind("c", conversationId).map(MESSAGE).list());
    }

    /**
     * Tool rounds the conversation has taken: its assistant messages that carry tool calls. Read
     * from the database so the per-conversation cap survives restarts.
     */
    public int toolRounds(long conversationId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM ai_messages WHERE conversation_id = :c AND tool_calls IS NOT NULL")
                .bind("c", conversationId).mapTo(Integer.class).one());
    }

    public StoredMessage add(long conversationId, NewMessage m) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate("""
                            INSERT INTO ai_messages (conversation_id, role, content, model, tokens_in, tokens_out, ttft_ms,
                                                     duration_ms, status, error, context_used, created_at, tool_calls, tool_name)
                            VALUES (:c, :role, :content, :model, :tin, :tout, :ttft, :dur, :status, :error, :ctx, :now,
                                    :calls, :tname)""")
                    .bind("c", conversationId).bind("role", m.role()).bind("content", m.content()).bind("model", m.model())
                    .bind("tin", m.tokensIn()).bind("tout", m.tokensOut()).bind("ttft", m.ttftMs()).bind("dur", m.durationMs())
                    .bind("status", m.status()).bind("error", clip(m.error(), 500)).bind("ctx", clip(m.contextUsed(), 300))
                    .bind("now", now).bind("calls", m.toolCalls()).bind("tname", m.toolName())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("UPDATE ai_conversations SET updated_at = :now WHERE id = :c").bind("now", now)
                    .bind("c", conversationId).execute();
            return new StoredMessage(id, conversationId, m.role(), m.content(), m.model(), m.tokensIn(), m.tokensOut(),
                    m.ttftMs(), m.durationMs(), m.status(), clip(m.error(), 500), clip(m.contextUsed(), 300), now,
                    m.toolCalls(), m.toolName());
        });
    }

    /** Removes the last assistant answer (for regenerate); returns whether there was one. */
    public boolean deleteLastAnswer(long ownerId, long conversationId) {
        if (find(ownerId, conversationId).isEmpty()) {
            return false;
        }
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM ai_messages WHERE id = (SELECT MAX(id) FROM ai_messages WHERE conversation_id = :c)
                        AND role = 'assistant'""")
                .bind("c", conversationId).execute()) == 1;
    }

    public boolean rename(long ownerId, long id, String title) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE ai_conversations SET title = :title, updated_at = :now WHERE id = :id AND owner_id = :owner")
                .bind("title", clip(title, 200)).bind("now", clock.millis()).bind("id", id).bind("owner", ownerId)
                .execute()) == 1;
    }

    public void setPreset(long conversationId, String preset) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE ai_conversations SET preset = :p WHERE id = :id")
                .bind("p", clip(preset, 60)).bind("id", conversationId).execute());
    }

    public boolean delete(long ownerId, long id) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("DELETE FROM ai_conversations WHERE id = :id AND owner_id = :owner")
                    .bind("id", id).bind("owner", ownerId).execute();
            if (n == 1) {
                h.createUpdate("DELETE FROM ai_messages WHERE conversation_id = :id").bind("id", id).execute();
                h.createUpdate("DELETE FROM ai_actions WHERE conversation_id = :id").bind("id", id).execute();
                h.createUpdate("DELETE FROM ai_escalations WHERE conversation_id = :id").bind("id", id).execute();
            }
            return n == 1;
        });
    }

    /** Deletes conversations untouched since the cut-off, with their messages; returns how many. */
    public int pruneOlderThan(long epochMillis) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM ai_messages WHERE conversation_id IN (SELECT id FROM ai_conversations WHERE updated_at < :cut)")
                    .bind("cut", epochMillis).execute();
            h.createUpdate("DELETE FROM ai_escalations WHERE conversation_id IN (SELECT id FROM ai_conversations WHERE updated_at < :cut)")
                    .bind("cut", epochMillis).execute();
            h.createUpdate("DELETE FROM ai_actions WHERE conversation_id IN (SELECT id FROM ai_conversations WHERE updated_at < :cut)")
                    .bind("cut", epochMillis).execute();
            return h.createUpdate("DELETE FROM ai_conversations WHERE updated_at < :cut").bind("cut", epochMillis).execute();
        });
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
