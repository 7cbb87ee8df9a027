package dev.talon.core.servers.web;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.PermissionDefinition;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.Subusers;
import dev.talon.core.servers.schedules.CronSpec;
import dev.talon.core.servers.schedules.ScheduleRules;
import dev.talon.core.servers.schedules.ScheduleRunner;
import dev.talon.core.servers.schedules.Schedules;
import dev.talon.core.servers.web.ServerLookup.Access;
import dev.talon.core.web.Gate;
import dev.talon.core.web.RouteModule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schedules and subusers sections of a server's page: their models, and the small form routes
 * they post to ({@code /server/{identifier}/schedules…}, {@code /server/{identifier}/users…}). The
 * routes call the same services as the client API, check the same permissions, record the same
 * activity events, and redirect back to the server page.
 */
public final class ServerSections implements RouteModule {

    /** One schedule row: its tasks and its last runs. */
    public record ScheduleRow(Schedules.Schedule schedule, List<Schedules.Task> tasks, List<Schedules.Run> runs) {}

    /** The schedules section; the booleans decide which forms are shown. */
    public record ScheduleSection(List<ScheduleRow> rows, boolean create, boolean run, boolean delete) {}

    /** The subusers section; {@code grantable} are the permissions the viewer may hand out. */
    public record SubuserSection(List<Subusers.Subuser> rows, List<PermissionDefinition> grantable, boolean create,
            boolean update, boolean delete) {

        /** The grantable permissions by group ({@code control}, {@code file}, …), in catalogue order, as Pterodactyl shows them. */
        public java.util.Map<String, List<PermissionDefinition>> groups() {
            var groups = new java.util.LinkedHashMap<String, List<PermissionDefinition>>();
            for (PermissionDefinition p : grantable) {
                int dot = p.key().indexOf('.');
                String group = dot < 0 ? p.key() : p.key().substring(0, dot);
                groups.computeIfAbsent(group, g -> new java.util.ArrayList<>()).add(p);
            }
            return groups;
        }
    }

    private static final int TASK_ROWS = 3;

    private final Schedules schedules;
    private final ScheduleRunner runner;
    private final Subusers subusers;
    private final Users users;
    private final ServerPermissions permissions;
    private final ServerLookup lookup;
    private final ActivityLog activity;
    private final Gate gate;

    public ServerSections(Schedules schedules, ScheduleRunner runner, Subusers subusers, Users users, ServerPermissions permissions,
            ServerLookup lookup, ActivityLog activity, Gate gate) {
        this.schedules = schedules;
        this.runner = runner;
        this.subusers = subusers;
        this.users = users;
        this.permissions = permissions;
        this.lookup = lookup;
        this.activity = activity;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        String base = "/server/{identifier}";
        routes.post(base + "/schedules", gate.client(this::createSchedule));
        routes.post(base + "/schedules/{schedule}/run", gate.client(this::runSchedule));
        routes.post(base + "/schedules/{schedule}/delete", gate.client(this::deleteSchedule));
        routes.post(base + "/users", gate.client(this::addSubuser));
        routes.post(base + "/users/{user}", gate.client(this::editSubuser));
        routes.post(base + "/users/{user}/delete", gate.client(this::removeSubuser));
    }

    /** The schedules section for this viewer, or null without {@code schedule.read}. */
    ScheduleSection schedules(Access access) {
        if (!access.can(ServerPermissions.SCHEDULE_READ)) {
            return null;
        }
        List<ScheduleRow> rows = new ArrayList<>();
        for (Schedules.Schedule s : schedules.forServer(access.server().id())) {
            rows.add(new ScheduleRow(s, schedules.tasks(s.id()), schedules.runs(s.id(), 3)));
        }
        return new ScheduleSection(rows, access.can(ServerPermissions.SCHEDULE_CREATE), access.can(ServerPermissions.SCHEDULE_UPDATE),
                access.can(ServerPermissions.SCHEDULE_DELETE));
    }

    /** The subusers section for this viewer, or null without {@code user.read}. */
    SubuserSection subusers(Access access) {
        if (!access.can(ServerPermissions.USER_READ)) {
            return null;
        }
        List<PermissionDefinition> grantable = permissions.catalogue().stream()
                .filter(p -> p.grantableToSubusers() && access.can(p.key())).toList();
        return new SubuserSection(subusers.list(access.server().id()), grantable, access.can(ServerPermissions.USER_CREATE),
                access.can(ServerPermissions.USER_UPDATE), access.can(ServerPermissions.USER_DELETE));
    }

    private void createSchedule(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_CREATE);
        String name;
        try {
            name = ScheduleRules.name(text(ctx, "name"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        CronSpec cron;
        try {
            cron = new CronSpec(cron(ctx, "minute"), cron(ctx, "hour"), cron(ctx, "day_of_month"), cron(ctx, "month"),
                    cron(ctx, "day_of_week"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        List<String[]> tasks = tasks(ctx);
        var fields = new Schedules.Fields(name, cron, true, ctx.formParam("only_when_online") != null);
        Schedules.Schedule created = schedules.create(access.server().id(), fields, runner.nextAfterNow(cron));
        for (String[] t : tasks) {
            schedules.addTask(created.id(), null, t[0], t[1], Integer.parseInt(t[2]), false);
        }
        record(access, ctx, "server.schedule.create", Map.of("name", created.name(), "cron", cron.text()));
        back(ctx, access);
    }

    /** Task rows {@code task1_action}, {@code task1_payload}, {@code task1_offset}…; rows without a payload are skipped. */
    private static List<String[]> tasks(Context ctx) {
        List<String[]> tasks = new ArrayList<>();
        for (int i = 1; i <= TASK_ROWS; i++) {
            String payload = text(ctx, "task" + i + "_payload");
            if (payload.isEmpty()) {
                continue;
            }
            String action;
            int offset;
            try {
                action = ScheduleRules.action(text(ctx, "task" + i + "_action"));
                payload = ScheduleRules.payload(action, payload);
                String rawOffset = text(ctx, "task" + i + "_offset");
                offset = ScheduleRules.offset(rawOffset.isEmpty() ? 0 : parseOffset(rawOffset));
            } catch (IllegalArgumentException e) {
                throw new BadRequestResponse(e.getMessage());
            }
            tasks.add(new String[] {action, payload, Integer.toString(offset)});
        }
        if (tasks.isEmpty()) {
            throw new BadRequestResponse("A schedule needs at least one task.");
        }
        return tasks;
    }

    private static int parseOffset(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return -1; // refused by ScheduleRules.offset with its message
        }
    }

    private void runSchedule(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_UPDATE);
        Schedules.Schedule schedule = schedule(ctx, access);
        runner.runNow(schedule);
        record(access, ctx, "server.schedule.run-now", Map.of("name", schedule.name()));
        back(ctx, access);
    }

    private void deleteSchedule(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_DELETE);
        Schedules.Schedule schedule = schedule(ctx, access);
        schedules.delete(schedule.id());
        record(access, ctx, "server.schedule.delete", Map.of("name", schedule.name()));
        back(ctx, access);
    }

    private void addSubuser(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_CREATE);
        User user = users.findByEmail(text(ctx, "email"))
                .orElseThrow(() -> new BadRequestResponse("There is no account with that e-mail address."));
        if (user.id() == access.server().ownerId() || user.id() == access.user().id()) {
            throw new BadRequestResponse("The owner or yourself can't be added as a subuser.");
        }
        if (subusers.permissions(access.server().id(), user.id()).isPresent()) {
            throw new BadRequestResponse("That user is already a subuser of this server.");
        }
        Set<String> granted = permissions.grantable(access::can, ctx.formParams("permissions"));
        subusers.put(access.server().id(), user.id(), granted);
        record(access, ctx, "server.subuser.create", Map.of("email", user.email(), "permissions", granted));
        back(ctx, access);
    }

    private void editSubuser(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_UPDATE);
        Subusers.Subuser subuser = subuser(ctx, access);
        if (subuser.userId() == access.user().id()) {
            throw new ForbiddenResponse("You can't change your own permissions.");
        }
        Set<String> granted = permissions.grantable(access::can, ctx.formParams("permissions"));
        subusers.put(access.server().id(), subuser.userId(), granted);
        record(access, ctx, "server.subuser.update", Map.of("email", subuser.email(), "permissions", granted));
        back(ctx, access);
    }

    private void removeSubuser(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.USER_DELETE);
        Subusers.Subuser subuser = subuser(ctx, access);
        if (subuser.userId() == access.user().id()) {
            throw new ForbiddenResponse("You can't remove yourself.");
        }
        subusers.remove(access.server().id(), subuser.userId());
        record(access, ctx, "server.subuser.delete", Map.of("email", subuser.email()));
        back(ctx, access);
    }

    /** The same rule as the client API: only known permissions the granting user holds; websocket.connect comes along. */
    private Schedules.Schedule schedule(Context ctx, Access access) {
        try {
            return schedules.find(access.server().id(), Long.parseLong(ctx.pathParam("schedule"))).orElseThrow(NotFoundResponse::new);
        } catch (NumberFormatException e) {
            throw new NotFoundResponse();
        }
    }

    private Subusers.Subuser subuser(Context ctx, Access access) {
        return subusers.list(access.server().id()).stream().filter(s -> String.valueOf(s.userId()).equals(ctx.pathParam("user")))
                .findFirst().orElseThrow(NotFoundResponse::new);
    }

    private void record(Access access, Context ctx, String event, Map<String, Object> properties) {
        activity.record(new Activity(access.actorId(), event, access.server().subject(), ctx.ip(), properties));
    }

    private static void back(Context ctx, Access access) {
        ctx.redirect("/server/" + access.server().identifier());
    }

    private static String text(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }

    private static String cron(Context ctx, String name) {
        String value = text(ctx, name);
        return value.isEmpty() ? "*" : value;
    }
}
