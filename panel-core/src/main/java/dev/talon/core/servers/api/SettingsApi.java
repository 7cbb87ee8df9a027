package dev.talon.core.servers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.StartupView;
import dev.talon.core.servers.node.template.TemplateVariable;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerLookup.Access;
import dev.talon.core.web.Gate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pterodactyl's client API for a server's startup, settings and activity:
 * {@code GET /startup}, {@code PUT /startup/variable}, {@code POST /settings/rename},
 * {@code GET /activity}, with the same shapes, permissions and status codes. Stateless.
 */
final class SettingsApi {

    private static final int DEFAULT_PER_PAGE = 25;
    private static final int MAX_PER_PAGE = 100;

    private final ServerService service;
    private final ServerLookup lookup;
    private final ActivityRepository activity;
    private final ObjectMapper json;

    SettingsApi(ServerService service, ServerLookup lookup, ActivityRepository activity, ObjectMapper json) {
        this.service = service;
        this.lookup = lookup;
        this.activity = activity;
        this.json = json;
    }

    void register(RoutesConfig routes, String server, Gate gate) {
        routes.get(server + "/startup", gate.api(this::startup));
        routes.put(server + "/startup/variable", gate.api(this::updateVariable));
        routes.post(server + "/settings/rename", gate.api(this::rename));
        routes.get(server + "/activity", gate.api(this::activity));
    }

    /** The user-viewable variables and the startup command (hidden values masked). */
    private void startup(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.STARTUP_READ);
        StartupView view = StartupView.of(access.server(), service.templateOf(access.server()));
        List<Object> data = new ArrayList<>();
        view.variables().forEach(v -> data.add(PteroJson.variable(v.definition(), v.value())));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("startup_command", view.command());
        meta.put("docker_images", Map.of());
        meta.put("raw_startup_command", view.rawCommand());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("meta", meta);
        ctx.json(body);
    }

    /**
     * {@code {"key": "ENV_NAME", "value": "..."}}: 400 for a variable the client can't see or
     * can't edit (Pterodactyl's messages), 422 naming the rule a value breaks; the stored values
     * change only when the value is valid.
     */
    private void updateVariable(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.STARTUP_UPDATE);
        JsonNode body = PteroJson.requestBody(ctx, json);
        String key = body.path("key").isTextual() ? body.path("key").asText() : null;
        if (key == null || key.isBlank()) {
            throw new HttpResponseException(422, "The key field is required.", Map.of());
        }
        if (!body.has("value") || body.get("value").isContainerNode()) {
            throw new HttpResponseException(422, "The value field must be present.", Map.of());
        }
        String value = body.get("value").isNull() ? "" : body.get("value").asText();
        TemplateVariable variable = service.templateOf(access.server()).variable(key).filter(TemplateVariable::userViewable)
                .orElseThrow(() -> new BadRequestResponse("The environment variable you are trying to edit does not exist."));
        if (!variable.userEditable()) {
            throw new BadRequestResponse("The environment variable you are trying to edit is read-only.");
        }
        ServerLookup.mapped(() -> service.updateVariables(access.server(), Map.of(key, value), access.actorId(), ctx.ip()));
        GameServer updated = service.repository().find(access.server().id()).orElseThrow();
        StartupView view = StartupView.of(updated, service.templateOf(updated));
        Map<String, Object> response = PteroJson.variable(variable, updated.variables().getOrDefault(key, variable.defaultValue()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("startup_command", view.command());
        meta.put("raw_startup_command", view.rawCommand());
        response.put("meta", meta);
        ctx.json(response);
    }

    /** {@code {"name": "...", "description": "..."}} → 204. */
    private void rename(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SETTINGS_RENAME);
        JsonNode body = PteroJson.requestBody(ctx, json);
        String name = body.path("name").isTextual() ? body.path("name").asText() : null;
        String description = body.path("description").isTextual() ? body.path("description").asText() : null;
        ServerLookup.mapped(() -> service.rename(access.server(), name, description, access.actorId(), ctx.ip()));
        ctx.status(204);
    }

    /** The server's activity, newest first, {@code ?page=} and {@code ?per_page=} (at most 100). */
    private void activity(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.ACTIVITY_READ);
        int page = intParam(ctx, "page", 1, 1, 1_000_000);
        int perPage = intParam(ctx, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
        String subject = access.server().subject();
        long total = activity.countForSubject(subject);
        List<Object> data = new ArrayList<>();
        for (ActivityRepository.Entry e : activity.forSubject(subject, perPage, (page - 1) * perPage)) {
            boolean ipVisible = access.user().rootAdmin() || (e.actorId() != null && e.actorId() == access.user().id());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", Long.toString(e.id()));
            a.put("batch", null);
            a.put("event", e.action());
            // Talon does not record whether an entry came through an API key, so this is unknown, not false.
            a.put("is_api", null);
            a.put("ip", ipVisible ? e.ip() : null);
            a.put("description", null);
            Map<String, Object> properties = properties(e.metadata());
            a.put("properties", properties);
            a.put("has_additional_metadata", false);
            a.put("timestamp", PteroJson.time(e.createdAt()));
            if (e.actorId() != null && e.actorEmail() != null) {
                a.put("relationships", Map.of("actor", PteroJson.object("user", Map.of("email", e.actorEmail()))));
            }
            data.add(PteroJson.object("activity_log", a));
        }
        ctx.json(PteroJson.page(data, total, perPage, page));
    }

    private Map<String, Object> properties(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = json.readTree(metadata);
            return node.isObject() ? json.convertValue(node, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                    Object.class)) : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }


    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.min(max, Math.max(min, Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(name + " must be a whole number");
        }
    }
}
