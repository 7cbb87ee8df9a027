package dev.talon.core.servers.web;

import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.StartupView;
import dev.talon.core.servers.node.template.Violation;
import dev.talon.core.servers.web.ServerLookup.Access;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity and settings sections of a server's page: their models for a viewer, built from the
 * same rules as the client API ({@code activity.read}, {@code settings.rename}, {@code startup.read},
 * {@code startup.update}). Stateless; the form routes live in {@link ServerPages} because a refused
 * value re-renders the whole page with what was typed.
 */
public final class ServerSettings {

    /** Entries per page of the activity section. */
    static final int ACTIVITY_PAGE = 10;

    /** Form fields of startup variables are named {@code var_<ENV_NAME>}. */
    static final String VARIABLE_FIELD = "var_";

    /** One activity entry as shown; {@code ip} is null unless the viewer is its actor or a root admin (as Pterodactyl). */
    public record ActivityRow(String time, String actor, String action, String metadata, String ip) {}

    /** One page of the server's activity, newest first; {@code page} counts from 1. */
    public record ActivitySection(List<ActivityRow> rows, int page, boolean previous, boolean next) {}

    /**
     * The settings section. {@code startup} is null without {@code startup.read}. After a refused
     * submission {@code submitted} holds what was typed (by field) and {@code errors} what is wrong
     * with it (by variable env name, or {@code name} for the rename form).
     */
    public record SettingsSection(boolean rename, String name, String description, StartupView startup, boolean editStartup,
            boolean admin, Map<String, String> submitted, Map<String, List<String>> errors) {

        /** What the field of {@code variable} shows: the refused text after a failed save, else the stored value. */
        public String value(StartupView.Variable variable) {
            return submitted.getOrDefault(variable.definition().envVariable(), variable.value());
        }

        public List<String> errors(String field) {
            return errors.getOrDefault(field, List.of());
        }
    }

    private final ServerService service;
    private final ActivityRepository activity;

    public ServerSettings(ServerService service, ActivityRepository activity) {
        this.service = service;
        this.activity = activity;
    }

    /** The activity section for this viewer, or null without {@code activity.read}. */
    ActivitySection activity(Access access, int page) {
        if (!access.can(ServerPermissions.ACTIVITY_READ)) {
            return null;
        }
        int current = Math.max(1, page);
        var entries = activity.forSubject(access.server().subject(), ACTIVITY_PAGE + 1, (current - 1) * ACTIVITY_PAGE);
        List<ActivityRow> rows = new ArrayList<>();
        for (var e : entries.subList(0, Math.min(ACTIVITY_PAGE, entries.size()))) {
            boolean ipVisible = access.user().rootAdmin() || (e.actorId() != null && e.actorId() == access.user().id());
            rows.add(new ActivityRow(Instant.ofEpochMilli(e.createdAt()).toString(),
                    e.actorId() == null ? "System" : e.actorEmail() == null ? "A deleted user" : e.actorEmail(),
                    e.action(), e.metadata() == null || "{}".equals(e.metadata()) ? "" : e.metadata(), ipVisible ? e.ip() : null));
        }
        return new ActivitySection(rows, current, current > 1, entries.size() > ACTIVITY_PAGE);
    }

    /** The settings section as stored, or null when the viewer may neither rename nor read the startup. */
    SettingsSection settings(Access access) {
        return settings(access, Map.of(), Map.of());
    }

    /** The settings section showing a refused submission. */
    SettingsSection settings(Access access, Map<String, String> submitted, Map<String, List<String>> errors) {
        boolean rename = access.can(ServerPermissions.SETTINGS_RENAME);
        boolean read = access.can(ServerPermissions.STARTUP_READ);
        if (!rename && !read) {
            return null;
        }
        StartupView startup = read ? StartupView.of(access.server(), service.templateOf(access.server())) : null;
        return new SettingsSection(rename, submitted.getOrDefault("name", access.server().name()),
                submitted.getOrDefault("description", access.server().description()), startup,
                read && access.can(ServerPermissions.STARTUP_UPDATE), access.user().rootAdmin(), Map.copyOf(submitted), Map.copyOf(errors));
    }

    /** The startup fields of a form ({@code var_X} → {@code X}), in the order posted. */
    static Map<String, String> variableFields(Map<String, List<String>> form) {
        Map<String, String> edits = new LinkedHashMap<>();
        form.forEach((field, values) -> {
            if (field.startsWith(VARIABLE_FIELD) && !values.isEmpty()) {
                edits.put(field.substring(VARIABLE_FIELD.length()), values.getFirst());
            }
        });
        return edits;
    }

    /** Violations grouped by variable, for the form. */
    static Map<String, List<String>> byVariable(List<Violation> violations) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (Violation v : violations) {
            errors.computeIfAbsent(v.variable(), k -> new ArrayList<>()).add(v.message());
        }
        return errors;
    }
}
