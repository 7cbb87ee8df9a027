package dev.talon.ai.chat;

import dev.talon.ai.actions.ActionExecutor;
import dev.talon.ai.actions.ActionStore;
import dev.talon.ai.actions.PendingAction;
import dev.talon.api.PanelUser;

/**
 * The user's Confirm or Decline on an action card: runs or declines it (once), and adds the
 * outcome to the conversation as the tool's result, so the model hears it on the resume that
 * follows once no card of the conversation is left pending. Thread-safe.
 */
public final class ActionDecisions {

    /**
     * @param resume whether every proposed action is decided, so the model can go on
     *     ({@code POST /api/ai/chat/message} with {@code resume})
     */
    public record Decision(PendingAction action, boolean resume) {}

    private final ActionExecutor executor;
    private final ActionStore actions;
    private final ChatStore store;

    public ActionDecisions(ActionExecutor executor, ActionStore actions, ChatStore store) {
        this.executor = executor;
        this.actions = actions;
        this.store = store;
    }

    /**
     * @throws ActionExecutor.NotPending when the action is not the user's (404) or already decided (409)
     */
    public Decision decide(PanelUser user, long actionId, boolean confirm, String ip) {
        PendingAction found = actions.find(user.id(), actionId).orElseThrow(() -> notFound());
        if (store.find(user.id(), found.conversationId()).isEmpty()) {
            throw notFound();
        }
        ActionExecutor.Decided decided = confirm ? executor.confirm(user, actionId, ip) : executor.decline(user, actionId);
        store.add(found.conversationId(), ChatStore.NewMessage.tool(found.tool(), decided.toolResult()));
        return new Decision(decided.action(), !actions.anyPending(found.conversationId()));
    }

    /**
     * At add-on start: actions a previous run left {@code running} (the panel stopped between the
     * claim and the result) become {@code interrupted}, and their conversations get the tool
     * result, so the model hears it and the conversation can go on. Called before the routes serve.
     *
     * @return how many were interrupted
     */
    public int recoverInterrupted() {
        var interrupted = actions.interruptRunning(a -> "Interrupted: the panel stopped while this ran, so it may or may not "
                + "have happened: " + a.summary() + ". Check the server's state before trying again.");
        interrupted.forEach(a -> store.add(a.conversationId(), ChatStore.NewMessage.tool(a.tool(), a.result())));
        return interrupted.size();
    }

    public java.util.List<PendingAction> forConversation(long conversationId) {
        return actions.forConversation(conversationId);
    }

    private static RuntimeException notFound() {
        return new ChatService.ConversationNotFound();
    }
}
