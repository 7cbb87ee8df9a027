package dev.talon.ai.actions;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.PanelUser;
import dev.talon.api.servers.ServerActions;
import dev.talon.api.servers.ServerActions.ActionRefused;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs or declines a proposed action when its owner decides. The claim (pending → running or
 * declined) happens first, so an action runs at most once; the host then checks the permission
 * again at the moment of running (it may have been revoked since the card appeared). Every run is
 * written to the activity log as done through the assistant, with the conversation id.
 * Thread-safe.
 */
public final class ActionExecutor {

    /** The action as decided, and the tool result the model gets. */
    public record Decided(PendingAction action, String toolResult) {}

    /** The action is not the user's, or is no longer pending; the message says which, for people. */
    public static final class NotPending extends RuntimeException {
        private final boolean exists;

        /** @param status the action's status now, null when it is not the user's */
        NotPending(String status) {
            super(message(status), null, false, false);
            this.exists = status != null;
        }

        /** False: not the user's (or no such id), answered as 404. */
        public boolean exists() {
            return exists;
        }

        private static String message(String status) {
            return status == null ? "There is no such action." : switch (status) {
                case PendingAction.EXPIRED -> "This action expired: a newer message was sent in the conversation before it was "
                        + "confirmed, so it was not done. Ask the assistant again if you still want it.";
                case PendingAction.INTERRUPTED -> "This action was interrupted: the panel stopped while it ran. Check the server "
                        + "before asking again.";
                default -> "This action was already confirmed or declined.";
            };
        }
    }

    private final ServerActions servers;
    private final ActionStore store;
    private final ActivityLog activity;

    public ActionExecutor(ServerActions servers, ActionStore store, ActivityLog activity) {
        this.servers = servers;
        this.store = store;
        this.activity = activity;
    }

    /** Runs the user's pending action {@code id} now. */
    public Decided confirm(PanelUser user, long id, String ip) {
        PendingAction action = claim(user, id, PendingAction.RUNNING);
        String status;
        String result;
        try {
            result = run(user, action);
            status = PendingAction.DONE;
        } catch (ActionRefused e) {
            result = AssistantTools.refusal(e);
            status = PendingAction.FAILED;
        } catch (RuntimeException e) {
            result = "Failed: the panel could not do it (" + e.getClass().getSimpleName() + ").";
            status = PendingAction.FAILED;
        }
        store.finish(action.id(), status, result);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("via", "assistant");
        metadata.put("conversation_id", action.conversationId());
        metadata.put("action_id", action.id());
        metadata.put("tool", action.tool());
        metadata.put("arguments", action.arguments());
        metadata.put("outcome", status);
        activity.record(new Activity(user.id(), "ai.assistant.action", "server:" + action.serverUuid(), ip, metadata));
        return new Decided(store.find(user.id(), id).orElseThrow(), result);
    }

    /** Declines the user's pending action {@code id}; nothing runs. */
    public Decided decline(PanelUser user, long id) {
        PendingAction action = claim(user, id, PendingAction.DECLINED);
        String result = "The user declined: " + action.summary() + " was not done.";
        store.finish(action.id(), PendingAction.DECLINED, result);
        return new Decided(store.find(user.id(), id).orElseThrow(), result);
    }

    private PendingAction claim(PanelUser user, long id, String status) {
        PendingAction action = store.find(user.id(), id).orElseThrow(() -> new NotPending(null));
        if (!store.claim(user.id(), id, status)) {
            throw new NotPending(store.find(user.id(), id).map(PendingAction::status).orElse(null));
        }
        return action;
    }

    private String run(PanelUser user, PendingAction a) {
        Map<String, String> args = a.arguments();
        String server = a.serverUuid();
        switch (a.tool()) {
            case ToolCatalogue.START, ToolCatalogue.STOP, ToolCatalogue.RESTART -> {
                servers.power(user.id(), server, a.tool().substring(0, a.tool().indexOf('_')));
                return "Done: " + a.summary() + " (the user confirmed). The signal was sent; the server's state changes shortly.";
            }
            case ToolCatalogue.SEND_COMMAND -> {
                servers.command(user.id(), server, args.get("command"));
                return "Done: the command was sent to " + a.serverName() + " (the user confirmed).";
            }
            case ToolCatalogue.CREATE_SCHEDULE -> {
                var created = servers.createSchedule(user.id(), server, args.get("name"), args.get("cron"), args.get("action"),
                        args.get("payload"));
                return "Done: created the schedule \"" + created.name() + "\" (id " + created.id() + ", cron " + created.cron()
                        + ") on " + a.serverName() + " (the user confirmed).";
            }
            case ToolCatalogue.DELETE_SCHEDULE -> {
                servers.deleteSchedule(user.id(), server, Long.parseLong(args.get("schedule_id")));
                return "Done: " + a.summary() + " (the user confirmed).";
            }
            default -> throw new ActionRefused(ActionRefused.Reason.INVALID, "Unknown action " + a.tool() + ".", null);
        }
    }
}
