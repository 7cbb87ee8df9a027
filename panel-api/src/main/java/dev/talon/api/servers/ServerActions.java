package dev.talon.api.servers;

import java.util.List;

/**
 * Acting on game servers on behalf of a signed-in user, through the host's own services and
 * per-server permission checks (the same ones its pages and Pterodactyl API apply). Every call
 * names the acting user; the host decides what that user may see and do. A server the user has no
 * access to does not exist for them ({@link ActionRefused.Reason#NOT_FOUND}). The host writes its
 * usual activity entries with the user as actor. Thread-safe.
 *
 * <p>Servers are named by uuid or 8-character identifier. Text that comes back from a server
 * (console lines) is what the game printed: untrusted.
 *
 * <p>The default ({@link #UNSUPPORTED}, for hosts without servers) refuses everything with
 * {@link ActionRefused.Reason#UNSUPPORTED}. Grows through {@code default} methods.
 */
public interface ServerActions {

    /** What may be checked with {@link #check}: each maps to the host's permission for it. */
    enum Capability { VIEW, READ_CONSOLE, START, STOP, RESTART, KILL, SEND_COMMAND, READ_SCHEDULES, CREATE_SCHEDULE,
        DELETE_SCHEDULE }

    /** For hosts without servers: every call is refused as unsupported. */
    ServerActions UNSUPPORTED = new ServerActions() {};

    /** The servers the user may see, oldest first, with their state and current usage. */
    default List<ServerStatus> servers(long userId) {
        throw ActionRefused.unsupported();
    }

    /**
     * Whether the user may do {@code capability} on the server, without doing it.
     *
     * @return the server, when allowed
     * @throws ActionRefused not found, or not permitted (naming the missing permission)
     */
    default ServerStatus check(long userId, String server, Capability capability) {
        throw ActionRefused.unsupported();
    }

    /** The last {@code lines} console lines (at most 200), oldest first, as the user's console shows them. */
    default List<String> recentConsole(long userId, String server, int lines) {
        throw ActionRefused.unsupported();
    }

    /**
     * Sends a power signal.
     *
     * @param signal {@code start}, {@code stop}, {@code restart} or {@code kill}
     * @throws ActionRefused not found, not permitted, invalid signal, or a state the signal does not fit
     */
    default void power(long userId, String server, String signal) {
        throw ActionRefused.unsupported();
    }

    /**
     * Sends a console command (one line, at most 1000 characters).
     *
     * @throws ActionRefused including {@link ActionRefused.Reason#OFFLINE} when the server is not running
     */
    default void command(long userId, String server, String command) {
        throw ActionRefused.unsupported();
    }

    /** The server's schedules with their tasks. */
    default List<ScheduleInfo> schedules(long userId, String server) {
        throw ActionRefused.unsupported();
    }

    /**
     * Creates an active schedule with one task.
     *
     * @param cron five fields (minute hour day-of-month month day-of-week), validated by the host
     * @param taskAction {@code command} or {@code power}
     * @param payload the command, or the power signal
     */
    default ScheduleInfo createSchedule(long userId, String server, String name, String cron, String taskAction,
            String payload) {
        throw ActionRefused.unsupported();
    }

    /**
     * Checks a schedule's fields as {@link #createSchedule} would, without creating anything.
     *
     * @return the cron expression as the host stores it
     * @throws ActionRefused {@link ActionRefused.Reason#INVALID} naming what is wrong
     */
    default String validateSchedule(String name, String cron, String taskAction, String payload) {
        throw ActionRefused.unsupported();
    }

    /** Deletes a schedule of the server; an id of another server's schedule is not found. */
    default void deleteSchedule(long userId, String server, long scheduleId) {
        throw ActionRefused.unsupported();
    }

    /**
     * A server as the user sees it.
     *
     * @param state {@code offline}, {@code starting}, {@code running} or {@code stopping}
     * @param cpuPercent 100 = one core; 0 when offline
     * @param memoryLimitBytes 0 when unlimited
     * @param permissions what the user holds on it ({@code *} for owners and administrators)
     */
    record ServerStatus(String uuid, String identifier, String name, String state, boolean suspended, double cpuPercent,
                        long memoryBytes, long memoryLimitBytes, long diskBytes, long uptimeMillis,
                        List<String> permissions) {
        public ServerStatus {
            permissions = List.copyOf(permissions);
        }
    }

    /**
     * A schedule.
     *
     * @param tasks each as {@code action: payload}
     * @param nextRunAt epoch milliseconds, or null when inactive or not computed yet
     */
    record ScheduleInfo(long id, String name, String cron, boolean active, Long nextRunAt, List<String> tasks) {
        public ScheduleInfo {
            tasks = List.copyOf(tasks);
        }
    }

    /** Why the host refused; the message is for people and safe to show. */
    final class ActionRefused extends RuntimeException {

        /** The kind of refusal. */
        public enum Reason {
            /** No such server, or one the user may not see (the same answer for both). */
            NOT_FOUND,
            /** The user sees the server but lacks {@link #permission()}. */
            NOT_PERMITTED,
            /** The server must be running (commands). */
            OFFLINE,
            /** Refused by state: suspended, or a signal that does not fit the current state. */
            CONFLICT,
            /** A bad argument (signal, cron, name, command length). */
            INVALID,
            /** The host has no servers feature. */
            UNSUPPORTED
        }

        private final Reason reason;
        private final String permission;

        public ActionRefused(Reason reason, String message, String permission) {
            super(message, null, false, false);
            this.reason = reason;
            this.permission = permission;
        }

        public static ActionRefused unsupported() {
            return new ActionRefused(Reason.UNSUPPORTED, "This panel has no servers.", null);
        }

        public Reason reason() {
            return reason;
        }

        /** The missing permission, for {@link Reason#NOT_PERMITTED}; null otherwise. */
        public String permission() {
            return permission;
        }
    }
}
