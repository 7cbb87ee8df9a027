package dev.talon.ai.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Proposed actions ({@code ai_actions}). Reads are scoped by owner: another user's action is
 * absent. {@link #claim} is the only way out of {@code pending}, a conditional update, so a double
 * click or two tabs run an action at most once. Thread-safe.
 */
public final class ActionStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

    private static final RowMapper<PendingAction> ROW = (rs, ctx) -> new PendingAction(rs.getLong("id"),
            rs.getLong("conversation_id"), rs.getLong("owner_id"), rs.getLong("message_id"), rs.getString("tool"),
            rs.getString("server_uuid"), rs.getString("server_name"), read(rs.getString("arguments")), rs.getString("summary"),
            rs.getString("status"), rs.getString("result"), rs.getLong("created_at"), rs.getObject("decided_at", Long.class));

    private final Jdbi jdbi;
    private final Clock clock;

    public ActionStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public PendingAction create(long conversationId, long ownerId, long messageId, String tool, String serverUuid, String serverName,
                         Map<String, String> arguments, String summary) {
        long now = clock.millis();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO ai_actions (conversation_id, owner_id, message_id, tool, server_uuid, server_name, arguments,
                                                summary, status, created_at)
                        VALUES (:c, :owner, :m, :tool, :uuid, :name, :args, :summary, 'pending', :now)""")
                .bind("c", conversationId).bind("owner", ownerId).bind("m", messageId).bind("tool", tool)
                .bind("uuid", serverUuid).bind("name", clip(serverName, 191)).bind("args", write(arguments))
                .bind("summary", clip(summary, 500)).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return find(ownerId, id).orElseThrow();
    }

    /** The action if it is {@code ownerId}'s. */
    public Optional<PendingAction> find(long ownerId, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ai_actions WHERE id = :id AND owner_id = :owner")
                .bind("id", id).bind("owner", ownerId).map(ROW).findOne());
    }

    /** The conversation's actions in order; callers checked the conversation is the owner's. */
    public List<PendingAction> forConversation(long conversationId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ai_actions WHERE conversation_id = :c ORDER BY id")
                .bind("c", conversationId).map(ROW).list());
    }

    /** Whether any action of the conversation still waits for the user. */
    public boolean anyPending(long conversationId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ai_actions WHERE conversation_id = :c AND status = 'pending'")
                .bind("c", conversationId).mapTo(Integer.class).one()) > 0;
    }

    /** Moves a pending action of the owner to {@code status}; false when it was not pending (or not theirs). */
    public boolean claim(long ownerId, long id, String status) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE ai_actions SET status = :s, decided_at = :now WHERE id = :id AND owner_id = :owner AND status = 'pending'""")
                .bind("s", status).bind("now", clock.millis()).bind("id", id).bind("owner", ownerId).execute()) == 1;
    }

    /**
     * The conversation's pending actions become {@code expired}, each with {@code result(action)}
     * as its result; returns those that did. Each row moves with the same conditional update as
     * {@link #claim}, so a confirm racing with the new message either runs or expires, never both.
     */
    public List<PendingAction> expirePending(long conversationId, Function<PendingAction, String> result) {
        return moveAll(h -> h.createQuery("SELECT * FROM ai_actions WHERE conversation_id = :c AND status = 'pending' ORDER BY id")
                .bind("c", conversationId).map(ROW).list(), PendingAction.PENDING, PendingAction.EXPIRED, result);
    }

    /**
     * Actions left {@code running} (the panel stopped between the claim and the result) become
     * {@code interrupted}; returns them. Only for start-up, before any confirm can be running.
     */
    public List<PendingAction> interruptRunning(Function<PendingAction, String> result) {
        return moveAll(h -> h.createQuery("SELECT * FROM ai_actions WHERE status = 'running' ORDER BY id").map(ROW).list(),
                PendingAction.RUNNING, PendingAction.INTERRUPTED, result);
    }

    private List<PendingAction> moveAll(Function<Handle, List<PendingAction>> candidates,
                                        String from, String to, Function<PendingAction, String> result) {
        return jdbi.inTransaction(h -> {
            var moved = new ArrayList<PendingAction>();
            for (PendingAction a : candidates.apply(h)) {
                String text = clip(result.apply(a), 1000);
                long now = clock.millis();
                int n = h.createUpdate("""
                                UPDATE ai_actions SET status = :to, result = :r, decided_at = COALESCE(decided_at, :now)
                                WHERE id = :id AND status = :from""")
                        .bind("to", to).bind("r", text).bind("now", now).bind("id", a.id()).bind("from", from).execute();
                if (n == 1) {
                    moved.add(new PendingAction(a.id(), a.conversationId(), a.ownerId(), a.messageId(), a.tool(), a.serverUuid(),
                            a.serverName(), a.arguments(), a.summary(), to, text, a.createdAt(),
                            a.decidedAt() == null ? now : a.decidedAt()));
                }
            }
            return List.copyOf(moved);
        });
    }

    public void finish(long id, String status, String result) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE ai_actions SET status = :s, result = :r WHERE id = :id")
                .bind("s", status).bind("r", clip(result, 1000)).bind("id", id).execute());
    }

    private static String write(Map<String, String> arguments) {
        try {
            return JSON.writeValueAsString(arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read(String text) {
        try {
            return JSON.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
