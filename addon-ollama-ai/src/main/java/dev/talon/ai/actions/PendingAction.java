package dev.talon.ai.actions;

import java.util.Map;

/**
 * A state-changing action the model proposed in a conversation ({@code ai_actions}). It runs only
 * when its owner confirms it, once.
 *
 * @param messageId the assistant message whose tool call proposed it
 * @param arguments the validated arguments shown on the card (server excluded)
 * @param summary one line for people, e.g. "Restart Demo server"
 * @param status {@code pending}, {@code running}, {@code done}, {@code failed}, {@code declined},
 *     {@code expired} (the user sent a new message instead of deciding) or {@code interrupted} (the
 *     panel stopped while it ran)
 * @param result what happened, for people and the model; null while pending
 */
public record PendingAction(long id, long conversationId, long ownerId, long messageId, String tool, String serverUuid,
                            String serverName, Map<String, String> arguments, String summary, String status, String result,
                            long createdAt, Long decidedAt) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String DECLINED = "declined";
    public static final String EXPIRED = "expired";
    public static final String INTERRUPTED = "interrupted";

    public PendingAction {
        arguments = Map.copyOf(arguments);
    }
}
