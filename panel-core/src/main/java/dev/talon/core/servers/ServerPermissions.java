package dev.talon.core.servers;

import dev.talon.api.PermissionDefinition;
import dev.talon.core.addons.ContributionRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-server permissions, with Pterodactyl's strings: the owner and root administrators hold
 * {@code *}; a subuser holds exactly what was granted. Add-on permissions marked grantable join
 * the catalogue. Thread-safe (reads the registry on each call, so add-ons may come and go).
 */
public final class ServerPermissions {

    public static final String ALL = "*";
    public static final String WEBSOCKET_CONNECT = "websocket.connect";
    public static final String CONSOLE = "control.console";
    public static final String START = "control.start";
    public static final String STOP = "control.stop";
    public static final String RESTART = "control.restart";
    public static final String FILE_READ = "file.read";
    public static final String FILE_READ_CONTENT = "file.read-content";
    public static final String FILE_CREATE = "file.create";
    public static final String FILE_UPDATE = "file.update";
    public static final String FILE_DELETE = "file.delete";
    public static final String USER_READ = "user.read";
    public static final String USER_CREATE = "user.create";
    public static final String USER_UPDATE = "user.update";
    public static final String USER_DELETE = "user.delete";
    public static final String SCHEDULE_READ = "schedule.read";
    public static final String SCHEDULE_CREATE = "schedule.create";
    public static final String SCHEDULE_UPDATE = "schedule.update";
    public static final String SCHEDULE_DELETE = "schedule.delete";
    public static final String ACTIVITY_READ = "activity.read";
    public static final String STARTUP_READ = "startup.read";
    public static final String STARTUP_UPDATE = "startup.update";
    public static final String SETTINGS_RENAME = "settings.rename";

    /** The core catalogue, Pterodactyl's keys and descriptions (the subset Talon has features for). */
    public static final List<PermissionDefinition> CORE = List.of(
            def(WEBSOCKET_CONNECT, "Connect to the server's console WebSocket."),
            def(CONSOLE, "Send commands to the server console."),
            def(START, "Start the server."),
            def(STOP, "Stop or kill the server."),
            def(RESTART, "Restart the server."),
            def(USER_CREATE, "Create subusers."),
            def(USER_READ, "See subusers and their permissions."),
            def(USER_UPDATE, "Change other subusers' permissions."),
            def(USER_DELETE, "Remove subusers."),
            def(FILE_CREATE, "Create and upload files and folders."),
            def(FILE_READ, "List files and folders."),
            def(FILE_READ_CONTENT, "Read and download file contents."),
            def(FILE_UPDATE, "Edit and rename files and folders."),
            def(FILE_DELETE, "Delete files and folders."),
            def(SCHEDULE_CREATE, "Create schedules."),
            def(SCHEDULE_READ, "See schedules and their runs."),
            def(SCHEDULE_UPDATE, "Change and run schedules."),
            def(SCHEDULE_DELETE, "Delete schedules."),
            def(STARTUP_READ, "See the startup variables."),
            def(STARTUP_UPDATE, "Change editable startup variables."),
            def(SETTINGS_RENAME, "Rename the server."),
            def(ACTIVITY_READ, "See the server's activity log."));

    private final ContributionRegistry registry;

    public ServerPermissions(ContributionRegistry registry) {
        this.registry = registry;
    }

    /** Every permission a subuser can be granted: the core's, then add-ons' grantable ones. */
    public List<PermissionDefinition> catalogue() {
        Map<String, PermissionDefinition> all = new LinkedHashMap<>();
        CORE.forEach(p -> all.put(p.key(), p));
        registry.all().stream().flatMap(c -> c.permissions().stream())
                .filter(PermissionDefinition::grantableToSubusers)
                .forEach(p -> all.putIfAbsent(p.key(), p));
        return new ArrayList<>(all.values());
    }

    /**
     * What a granter may hand to a subuser: every requested permission must exist and be held by
     * the granter (a subuser can never grant what they don't hold); {@code websocket.connect} comes
     * along with any grant, as the console needs it. The page forms and the API both use this.
     *
     * @param holds whether the granter holds a permission on this server
     * @throws io.javalin.http.ForbiddenResponse naming every refused permission
     */
    public java.util.Set<String> grantable(java.util.function.Predicate<String> holds, java.util.Collection<String> requested) {
        var granted = new java.util.TreeSet<String>();
        var refused = new java.util.ArrayList<String>();
        for (String permission : requested) {
            if (!known(permission) || !holds.test(permission)) {
                refused.add(permission);
            } else {
                granted.add(permission);
            }
        }
        if (!refused.isEmpty()) {
            throw new io.javalin.http.ForbiddenResponse(
                    "You can't grant permissions you don't hold or that don't exist: " + String.join(", ", refused));
        }
        if (!granted.isEmpty() && holds.test(WEBSOCKET_CONNECT)) {
            granted.add(WEBSOCKET_CONNECT);
        }
        return granted;
    }

    public boolean known(String permission) {
        return catalogue().stream().anyMatch(p -> p.key().equals(permission));
    }

    /** Whether a set of held permissions includes {@code permission}. */
    public static boolean holds(Set<String> held, String permission) {
        return held.contains(ALL) || held.contains(permission);
    }

    /** The held permissions spelled out ({@code *} becomes the whole catalogue). */
    public Set<String> expand(Set<String> held) {
        if (!held.contains(ALL)) {
            return held;
        }
        Set<String> all = new java.util.TreeSet<>();
        catalogue().forEach(p -> all.add(p.key()));
        return all;
    }

    private static PermissionDefinition def(String key, String description) {
        return new PermissionDefinition(key, description, true);
    }
}
