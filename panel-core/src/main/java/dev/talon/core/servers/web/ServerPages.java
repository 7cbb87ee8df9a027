package dev.talon.core.servers.web;

import dev.talon.api.web.Area;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerProblem;
import dev.talon.core.servers.node.template.VariableValidationException;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.node.ResourceUsage;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Client pages of the servers feature: the server list, a server's page (console, graphs,
 * schedules, subusers, activity, settings), the settings forms (which re-render the page with what
 * was typed when a value is refused) and the log viewer.
 */
public final class ServerPages implements RouteModule {

    /** One row of {@code servers/list.jte}. */
    public record Row(GameServer server, String state, ResourceUsage usage, boolean owner) {}

    /** The model of {@code servers/list.jte}. */
    public record ListPage(Shell shell, List<Row> rows) {}

    /** The model of {@code servers/server.jte}; the booleans decide which controls are shown. */
    public record ServerPage(Shell shell, GameServer server, String state, boolean owner, boolean console, boolean start,
            boolean stop, boolean restart, boolean logs, boolean connect, ServerSections.ScheduleSection schedules,
            ServerSections.SubuserSection subusers, ServerSettings.ActivitySection activity, ServerSettings.SettingsSection settings) {}

    /** The model of {@code servers/logs.jte}. */
    public record LogsPage(Shell shell, GameServer server, String query, List<String> lines, int scanned) {}

    private static final int LOG_LINES = 5_000;

    private final ServerService service;
    private final ServerLookup lookup;
    private final Pages pages;
    private final Gate gate;
    private final ServerSections sections;
    private final ServerSettings settings;

    public ServerPages(ServerService service, ServerLookup lookup, Pages pages, Gate gate, ServerSections sections,
            ServerSettings settings) {
        this.sections = sections;
        this.settings = settings;
        this.service = service;
        this.lookup = lookup;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/servers", gate.client(this::list));
        routes.get("/server/{identifier}", gate.client(this::server));
        routes.post("/server/{identifier}/settings/rename", gate.client(this::rename));
        routes.post("/server/{identifier}/startup", gate.client(this::startup));
        routes.get("/server/{identifier}/logs", gate.client(this::logs));
        routes.get("/server/{identifier}/logs/download", gate.client(this::download));
    }

    private void list(Context ctx) {
        var user = Principal.of(ctx).user();
        List<Row> rows = new ArrayList<>();
        for (GameServer server : service.repository().accessibleTo(user.id())) {
            ResourceUsage usage = safeUsage(server);
            rows.add(new Row(server, usage == null ? "offline" : usage.state().wireName(), usage, server.ownerId() == user.id()));
        }
        pages.render(ctx, "servers/list.jte", new ListPage(pages.shell(ctx, "Servers", Area.CLIENT), rows));
    }

    private void server(Context ctx) {
        var access = lookup.require(ctx, null);
        render(ctx, access, settings.settings(access));
    }

    /** Renames the server; a refused name re-renders the page (422) with the name as typed. */
    private void rename(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.SETTINGS_RENAME);
        String name = ctx.formParam("name");
        String description = ctx.formParam("description");
        try {
            service.rename(access.server(), name, description, access.actorId(), ctx.ip());
        } catch (ServerProblem e) {
            ctx.status(422);
            Map<String, String> typed = new HashMap<>();
            typed.put("name", name == null ? "" : name);
            typed.put("description", description == null ? "" : description);
            render(ctx, access, settings.settings(access, typed, Map.of("name", List.of(e.getMessage()))));
            return;
        }
        ctx.redirect("/server/" + access.server().identifier() + "#settings");
    }

    /**
     * Saves the posted startup variables together: all valid or nothing stored. A refused value
     * re-renders the page (422) with every field as typed and a message per variable.
     */
    private void startup(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.STARTUP_UPDATE);
        Map<String, String> edits = ServerSettings.variableFields(ctx.formParamMap());
        try {
            if (!edits.isEmpty()) {
                service.updateVariables(access.server(), edits, access.actorId(), ctx.ip());
            }
        } catch (VariableValidationException e) {
            ctx.status(422);
            render(ctx, access, settings.settings(access, edits, ServerSettings.byVariable(e.violations())));
            return;
        }
        ctx.redirect("/server/" + access.server().identifier() + "#settings");
    }

    /** Renders the server page; a status set before (422 after a refused form) is kept. */
    private void render(Context ctx, ServerLookup.Access access, ServerSettings.SettingsSection settingsSection) {
        ResourceUsage usage = safeUsage(access.server());
        pages.render(ctx, "servers/server.jte", new ServerPage(pages.shell(ctx, access.server().name(), Area.CLIENT), access.server(),
                usage == null ? "offline" : usage.state().wireName(), access.owner(),
                access.can(ServerPermissions.CONSOLE), access.can(ServerPermissions.START), access.can(ServerPermissions.STOP),
                access.can(ServerPermissions.RESTART), access.can(ServerPermissions.FILE_READ_CONTENT),
                access.can(ServerPermissions.WEBSOCKET_CONNECT), sections.schedules(access), sections.subusers(access),
                settings.activity(access, activityPage(ctx)), settingsSection));
    }

    private static int activityPage(Context ctx) {
        try {
            String page = ctx.queryParam("activity");
            return page == null ? 1 : Math.max(1, Math.min(100_000, Integer.parseInt(page.strip())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void logs(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        try {
            List<String> tail = service.node().logs(access.server().uuid()).tail(LOG_LINES);
            List<String> shown = query.isEmpty() ? tail
                    : tail.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(query.toLowerCase(Locale.ROOT))).toList();
            pages.render(ctx, "servers/logs.jte", new LogsPage(pages.shell(ctx, "Logs · " + access.server().name(), Area.CLIENT),
                    access.server(), query, shown, tail.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void download(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        Path latest = service.node().serverDirectory(access.server().uuid()).resolve("logs").resolve("latest.log");
        ctx.contentType("text/plain; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + access.server().identifier() + "-latest.log\"");
        if (!Files.isRegularFile(latest)) {
            ctx.result("");
            return;
        }
        try {
            InputStream in = Files.newInputStream(latest);
            ctx.result(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResourceUsage safeUsage(GameServer server) {
        try {
            return service.resources(server);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
