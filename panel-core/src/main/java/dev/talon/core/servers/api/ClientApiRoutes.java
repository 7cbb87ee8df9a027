package dev.talon.core.servers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.console.SocketTokens;
import dev.talon.core.servers.metrics.MetricsRepository;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.logs.LogChunk;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerLookup.Access;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pterodactyl's client API for servers ({@code /api/client/...}): same paths, JSON shapes and
 * status codes, so clients written against Pterodactyl work unchanged with a Talon API key.
 * Talon additions: plain-text and offset-based log reads, and stored metric series.
 */
public final class ClientApiRoutes implements RouteModule {

    private static final String SERVER = "/api/client/servers/{identifier}";

    private final ServerService service;
    private final ServerLookup lookup;
    private final ServerPermissions permissions;
    private final SocketTokens tokens;
    private final MetricsRepository metrics;
    private final SubuserApi subusers;
    private final FileApi files;
    private final ScheduleApi schedules;
    private final SettingsApi settings;
    private final Gate gate;
    private final ObjectMapper json;
    private final Clock clock;

    public ClientApiRoutes(ServerService service, ServerLookup lookup, ServerPermissions permissions, SocketTokens tokens,
            MetricsRepository metrics, SubuserApi subusers, FileApi files,
            ScheduleApi schedules, dev.talon.core.activity.ActivityRepository activity, Gate gate, ObjectMapper json, Clock clock) {
        this.service = service;
        this.lookup = lookup;
        this.permissions = permissions;
        this.tokens = tokens;
        this.metrics = metrics;
        this.subusers = subusers;
        this.files = files;
        this.schedules = schedules;
        this.settings = new SettingsApi(service, lookup, activity, json);
        this.gate = gate;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/client", gate.api(this::list));
        routes.get("/api/client/permissions", gate.api(this::permissionCatalogue));
        routes.get(SERVER, gate.api(this::show));
        routes.get(SERVER + "/resources", gate.api(this::resources));
        routes.post(SERVER + "/power", gate.api(this::power));
        routes.post(SERVER + "/command", gate.api(this::command));
        routes.get(SERVER + "/websocket", gate.api(this::websocket));
        routes.get(SERVER + "/logs", gate.api(this::logsTail));
        routes.get(SERVER + "/logs/read", gate.api(this::logsRead));
        routes.get(SERVER + "/metrics", gate.api(this::series));
        subusers.register(routes, SERVER, gate);
        files.register(routes, SERVER, gate);
        schedules.register(routes, SERVER, gate);
        settings.register(routes, SERVER, gate);
    }

    private void list(Context ctx) {
        User user = Principal.of(ctx).user();
        String type = ctx.queryParam("type");
        List<GameServer> servers = user.rootAdmin() && ("admin".equals(type) || "admin-all".equals(type))
                ? service.repository().all() : service.repository().accessibleTo(user.id());
        if ("owner".equals(type)) {
            servers = servers.stream().filter(s -> s.ownerId() == user.id()).toList();
        }
        List<Object> data = new ArrayList<>();
        for (GameServer server : servers) {
            data.add(PteroJson.server(server, service.templateOf(server), server.ownerId() == user.id(), state(server)));
        }
        ctx.json(PteroJson.list(data, data.size()));
    }

    private void permissionCatalogue(Context ctx) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (var p : permissions.catalogue()) {
            String group = p.key().substring(0, p.key().indexOf('.'));
            String key = p.key().substring(p.key().indexOf('.') + 1);
            @SuppressWarnings("unchecked")
            var keys = (Map<String, String>) groups.computeIfAbsent(group, g -> new LinkedHashMap<>(Map.of("description", g,
                    "keys", new LinkedHashMap<String, String>()))).get("keys");
            keys.put(key, p.description());
        }
        ctx.json(Map.of("object", "system_permissions", "attributes", Map.of("permissions", groups)));
    }

    private void show(Context ctx) {
        Access access = lookup.require(ctx, null);
        Map<String, Object> body = PteroJson.server(access.server(), service.templateOf(access.server()), access.owner(), state(access.server()));
        body.put("meta", Map.of("is_server_owner", access.owner(), "user_permissions", List.copyOf(access.permissions())));
        ctx.json(body);
    }

    private void resources(Context ctx) {
        Access access = lookup.require(ctx, null);
        ctx.json(PteroJson.stats(service.resources(access.server()), access.server().suspended()));
    }

    private void power(Context ctx) {
        Access found = lookup.require(ctx, null);
        PowerAction action;
        try {
            action = PowerAction.fromWire(body(ctx).path("signal").asText(null));
        } catch (IllegalArgumentException e) {
            throw new HttpResponseException(422, "The signal must be one of start, stop, restart or kill.", Map.of());
        }
        String needed = switch (action) {
            case START -> ServerPermissions.START;
            case STOP, KILL -> ServerPermissions.STOP;
            case RESTART -> ServerPermissions.RESTART;
        };
        lookup.require(ctx, needed);
        ServerLookup.mapped(() -> service.power(found.server(), action, found.actorId(), ctx.ip()));
        ctx.status(204);
    }

    private void command(Context ctx) {
        Access found = lookup.require(ctx, ServerPermissions.CONSOLE);
        String command = body(ctx).path("command").asText(null);
        if (command == null || command.isBlank()) {
            throw new HttpResponseException(422, "The command field is required.", Map.of());
        }
        ServerLookup.mapped(() -> service.command(found.server(), command, found.actorId(), ctx.ip()));
        ctx.status(204);
    }

    private void websocket(Context ctx) {
        Access found = lookup.require(ctx, ServerPermissions.WEBSOCKET_CONNECT);
        String scheme = "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) || "https".equalsIgnoreCase(ctx.scheme()) ? "wss" : "ws";
        String host = ctx.host() == null ? "localhost" : ctx.host();
        String token = tokens.issue(found.server().uuid(), found.user().id(), permissions.expand(found.permissions()));
        ctx.json(Map.of("data", Map.of("token", token,
                "socket", scheme + "://" + host + "/api/servers/" + found.server().uuid() + "/ws")));
    }

    private void logsTail(Context ctx) {
        Access found = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        int lines = intParam(ctx, "lines", 100, 1, 10_000);
        try {
            List<String> tail = service.node().logs(found.server().uuid()).tail(lines);
            ctx.contentType("text/plain; charset=utf-8").result(tail.isEmpty() ? "" : String.join("\n", tail) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void logsRead(Context ctx) {
        Access found = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        long offset = Math.max(0, longParam(ctx, "offset", 0));
        int max = intParam(ctx, "max", 256 * 1024, 1, 4 * 1024 * 1024);
        try {
            LogChunk chunk = service.node().logs(found.server().uuid()).read(offset, max);
            ctx.json(Map.of("object", "log_chunk", "attributes", Map.of("lines", chunk.lines(), "next_offset", chunk.nextOffset(),
                    "restarted", chunk.restarted())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void series(Context ctx) {
        Access found = lookup.require(ctx, null);
        String range = ctx.queryParamAsClass("range", String.class).getOrDefault("1h");
        Duration span = switch (range) {
            case "15m" -> Duration.ofMinutes(15);
            case "1h" -> Duration.ofHours(1);
            case "6h" -> Duration.ofHours(6);
            case "24h" -> Duration.ofHours(24);
            case "7d" -> Duration.ofDays(7);
            case "30d" -> Duration.ofDays(30);
            default -> throw new BadRequestResponse("range must be one of 15m, 1h, 6h, 24h, 7d, 30d");
        };
        long from = clock.millis() - span.toMillis();
        boolean raw = span.compareTo(Duration.ofHours(6)) <= 0;
        var points = raw ? metrics.raw(found.server().id(), from) : metrics.minutes(found.server().id(), from);
        List<Object> data = new ArrayList<>();
        for (var p : points) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("at", p.at());
            point.put("cpu_absolute", Math.round(p.cpu() * 100) / 100.0);
            point.put("cpu_max", Math.round(p.cpuMax() * 100) / 100.0);
            point.put("memory_bytes", p.memoryBytes());
            point.put("memory_max_bytes", p.memoryMax());
            point.put("disk_bytes", p.diskBytes());
            data.add(point);
        }
        ctx.json(Map.of("object", "metrics", "range", range, "resolution", raw ? "raw" : "1m", "data", data));
    }

    private String state(GameServer server) {
        try {
            return service.state(server).wireName();
        } catch (RuntimeException e) {
            return "offline";
        }
    }

    JsonNode body(Context ctx) {
        try {
            String text = ctx.body();
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw new HttpResponseException(422, "The request body is not valid JSON.", Map.of());
        }
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        return (int) Math.min(max, Math.max(min, longParam(ctx, name, fallback)));
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(name + " must be a whole number");
        }
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
