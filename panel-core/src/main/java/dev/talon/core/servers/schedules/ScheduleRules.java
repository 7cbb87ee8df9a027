package dev.talon.core.servers.schedules;

import java.util.Set;

/**
 * The one set of rules for schedule input, shared by the server page, the Pterodactyl client API
 * and add-ons acting for a user, so the three can never disagree. Each check returns the cleaned
 * value or throws {@link IllegalArgumentException} with a message for the user; callers map it to
 * their own error (a 400 page, a 422 body, a typed refusal). Stateless.
 */
public final class ScheduleRules {

    public static final int NAME_MAX = 191;
    public static final int PAYLOAD_MAX = 1000;
    public static final int OFFSET_MAX_SECONDS = 900;
    private static final Set<String> ACTIONS = Set.of("command", "power");
    private static final Set<String> SIGNALS = Set.of("start", "stop", "restart", "kill");

    private ScheduleRules() {}

    /** The schedule's name, stripped. */
    public static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > NAME_MAX) {
            throw new IllegalArgumentException("The name is required (at most " + NAME_MAX + " characters).");
        }
        return name;
    }

    /** A task's action ({@code command} or {@code power}). */
    public static String action(String raw) {
        if (raw == null || !ACTIONS.contains(raw)) {
            throw new IllegalArgumentException("A task's action is command or power.");
        }
        return raw;
    }

    /** A task's payload for its (already checked) action, stripped. */
    public static String payload(String action, String raw) {
        String payload = raw == null ? "" : raw.strip();
        if (payload.isEmpty() || payload.length() > PAYLOAD_MAX) {
            throw new IllegalArgumentException("A task's payload is required (at most " + PAYLOAD_MAX + " characters).");
        }
        if (action.equals("power") && !SIGNALS.contains(payload)) {
            throw new IllegalArgumentException("A power task is start, stop, restart or kill.");
        }
        return payload;
    }

    /** A task's delay after the previous task, in seconds. */
    public static int offset(int seconds) {
        if (seconds < 0 || seconds > OFFSET_MAX_SECONDS) {
            throw new IllegalArgumentException("A task's offset is 0 to " + OFFSET_MAX_SECONDS + " seconds.");
        }
        return seconds;
    }
}
