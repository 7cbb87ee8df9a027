package dev.talon.core.servers.web;

import dev.talon.api.web.Area;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerProblem;
import dev.talon.core.servers.ServerRepository;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.node.NodeException;
import dev.talon.core.servers.node.template.Editor;
import dev.talon.core.servers.node.template.ServerTemplate;
import dev.talon.core.servers.node.template.TemplateVariable;
import dev.talon.core.servers.node.template.Templates;
import dev.talon.core.servers.node.template.VariableValidationException;
import dev.talon.core.servers.node.template.VariableValues;
import dev.talon.core.web.Flash;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin server management: list, create, edit (name, owner, template, variables, memory, auto-restart, startup), suspend, delete. */
public final class AdminServerRoutes implements RouteModule {

    /** One row of the admin list. */
    public record Row(GameServer server, String ownerEmail, String state) {}

    /** The model of {@code servers/admin-list.jte}. */
    public record ListPage(Shell shell, List<Row> rows, List<ServerTemplate> templates, String error) {}

    /** The model of {@code servers/admin-edit.jte}. */
    public record EditPage(Shell shell, GameServer server, String ownerEmail, String state, List<ServerTemplate> templates,
            Map<TemplateVariable, String> variables, String error) {}

    private final ServerService service;
    private final Users users;
    private final Pages pages;
    private final Gate gate;

    public AdminServerRoutes(ServerService service, Users users, Pages pages, Gate gate) {
        this.service = service;
        this.users = users;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/servers", gate.admin(ctx -> list(ctx, null, 200)));
        routes.post("/admin/servers", gate.admin(this::create));
        routes.get("/admin/servers/{id}", gate.admin(ctx -> edit(ctx, find(ctx), null, 200)));
        routes.post("/admin/servers/{id}", gate.admin(this::update));
        routes.post("/admin/servers/{id}/suspend", gate.admin(ctx -> suspend(ctx, true)));
        routes.post("/admin/servers/{id}/unsuspend", gate.admin(ctx -> suspend(ctx, false)));
        routes.post("/admin/servers/{id}/delete", gate.admin(this::delete));
    }

    private void list(Context ctx, String error, int status) {
        List<Row> rows = new ArrayList<>();
        for (GameServer server : service.repository().all()) {
            rows.add(new Row(server, users.find(server.ownerId()).map(User::email).orElse("?"), state(server)));
        }
        pages.render(ctx, "servers/admin-list.jte", new ListPage(pages.shell(ctx, "Servers", Area.ADMIN), rows, Templates.builtIn(), error));
        ctx.status(status);
    }

    private void edit(Context ctx, GameServer server, String error, int status) {
        ServerTemplate template = service.templateOf(server);
        pages.render(ctx, "servers/admin-edit.jte", new EditPage(pages.shell(ctx, "Server " + server.name(), Area.ADMIN), server,
                users.find(server.ownerId()).map(User::email).orElse(""), state(server), Templates.builtIn(),
                VariableValues.visibleTo(template, server.variables(), Editor.ADMIN), error));
        ctx.status(status);
    }

    private GameServer find(Context ctx) {
        try {
            return service.repository().find(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFoundResponse("There is no such server."));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such server.");
        }
    }

    private void create(Context ctx) {
        try {
            GameServer server = service.create(request(ctx, null), actor(ctx), ctx.ip());
            Flash.ok(ctx, "Server " + server.name() + " (" + server.identifier() + ") created.");
            ctx.redirect("/admin/servers/" + server.id());
        } catch (ServerProblem | VariableValidationException e) {
            list(ctx, e.getMessage(), 400);
        }
    }

    private void update(Context ctx) {
        GameServer server = find(ctx);
        try {
            service.update(server, request(ctx, server), actor(ctx), ctx.ip());
            Flash.ok(ctx, "Saved. Changes apply at the next start.");
            ctx.redirect("/admin/servers/" + server.id());
        } catch (ServerProblem | VariableValidationException e) {
            edit(ctx, server, e.getMessage(), 400);
        }
    }

    private void suspend(Context ctx, boolean suspended) {
        GameServer server = find(ctx);
        service.setSuspended(server, suspended, actor(ctx), ctx.ip());
        Flash.ok(ctx, suspended ? "Suspended; its process was killed." : "Unsuspended.");
        ctx.redirect("/admin/servers/" + server.id());
    }

    private void delete(Context ctx) {
        GameServer server = find(ctx);
        try {
            service.delete(server, actor(ctx), ctx.ip());
            Flash.ok(ctx, "Server " + server.name() + " deleted; its folder was kept on disk.");
            ctx.redirect("/admin/servers");
        } catch (ServerProblem | NodeException e) {
            edit(ctx, server, e.getMessage(), 409);
        }
    }

    /** The form as a request; variables only of the chosen template (switching templates starts from its defaults). */
    private ServerRepository.NewServer request(Context ctx, GameServer existing) {
        String email = ctx.formParam("owner_email");
        User owner = users.findByEmail(email == null ? "" : email.strip())
                .orElseThrow(() -> new ServerProblem(ServerProblem.Kind.INVALID, "There is no user with the e-mail " + email + "."));
        String templateId = ctx.formParam("template");
        ServerTemplate template = ServerService.template(templateId == null ? "" : templateId)
                .orElseThrow(() -> new ServerProblem(ServerProblem.Kind.INVALID, "Choose a template."));
        Map<String, String> variables = new LinkedHashMap<>();
        for (TemplateVariable variable : template.variables()) {
            String value = ctx.formParam("var_" + variable.envVariable());
            if (value != null) {
                variables.put(variable.envVariable(), value);
            }
        }
        int memory;
        try {
            memory = Integer.parseInt(ctx.formParamAsClass("memory_mb", String.class).getOrDefault("1024").strip());
        } catch (NumberFormatException e) {
            throw new ServerProblem(ServerProblem.Kind.INVALID, "The memory limit must be a whole number of MiB.");
        }
        boolean templateChanged = existing != null && !existing.templateId().equals(template.id());
        String startup = templateChanged ? template.startup() : ctx.formParam("startup");
        return new ServerRepository.NewServer(ctx.formParam("name"), ctx.formParam("description"), owner.id(), template.id(),
                startup, variables, memory, "on".equals(ctx.formParam("auto_restart")));
    }

    private String state(GameServer server) {
        try {
            return service.state(server).wireName();
        } catch (RuntimeException e) {
            return "unavailable";
        }
    }

    private static long actor(Context ctx) {
        return Principal.of(ctx).user().id();
    }
}
