package dev.talon.core.servers;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.PanelUser;
import dev.talon.api.servers.ServerActions;
import dev.talon.api.servers.ServerActions.ActionRefused.Reason;
import dev.talon.core.servers.node.NodeException;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.ResourceUsage;
import dev.talon.core.servers.node.console.ConsoleEntry;
import dev.talon.core.servers.schedules.CronSpec;
import dev.talon.core.servers.schedules.ScheduleRules;
import dev.talon.core.servers.schedules.ScheduleRunner;
import dev.talon.core.servers.schedules.Schedules;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerLookup.Access;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * {@link ServerActions} for add-ons: the same look-up ({@link ServerLookup#find}: unseen = not
 * found), the same permission strings and the same service calls as the client pages and the
 * Pterodactyl API, with the user as actor and the same activity entries. Refusals become typed
 * {@link ServerActions.ActionRefused}s. Thread-safe (stateless over thread-safe collaborators).
 */
final class AddonServerActions implements ServerActions {


    private final LongFunction<Optional<PanelUser>> users;
    private final ServerLookup lookup;
    private final ServerService service;
    private final Schedules schedules;
    private final ScheduleRunner runner;
    private final ActivityLog activity;

    AddonServerActions(LongFunction<Optional<PanelUser>> users, ServerLookup lookup, ServerService service, Schedules schedules,
            ScheduleRunner runner, ActivityLog activity) {
        this.users = users;
        this.lookup = lookup;
        this.service = service;
        this.schedules = schedules;
        this.runner = runner;
        this.activity = activity;
    }

    @Override
    public List<ServerStatus> servers(long userId) {
        PanelUser user = user(userId);
        return service.repository().all().stream()
                .flatMap(s -> lookup.find(user, s.identifier()).stream())
                .map(this::status).toList();
    }

    @Override
    public ServerStatus check(long userId, String server, Capability capability) {
        return status(require(userId, server, permission(capability)));
    }

    @Override
    public List<String> recentConsole(long userId, String server, int lines) {
        Access access = require(userId, server, ServerPermissions.WEBSOCKET_CONNECT);
        List<ConsoleEntry> recent;
        try {
            recent = service.node().recentConsole(access.server().uuid());
        } catch (NodeException.UnknownServer e) {
            return List.of();
        }
        int n = Math.max(1, Math.min(200, lines));
        return recent.subList(Math.max(0, recent.size() - n), recent.size()).stream().map(ConsoleEntry::text).toList();
    }

    @Override
    public void power(long userId, String server, String signal) {
        PowerAction action;
        try {
            action = PowerAction.fromWire(signal);
        } catch (IllegalArgumentException e) {
            throw invalid("The signal must be one of start, stop, restart or kill.");
        }
        Access access = require(userId, server, switch (action) {
            case START -> ServerPermissions.START;
            case STOP, KILL -> ServerPermissions.STOP;
            case RESTART -> ServerPermissions.RESTART;
        });
        mapped(() -> service.power(access.server(), action, access.actorId(), null));
    }

    @Override
    public void command(long userId, String server, String command) {
        Access access = require(userId, server, ServerPermissions.CONSOLE);
        if (command == null || command.isBlank() || command.length() > 1000) {
            throw invalid("A command is 1 to 1000 characters.");
        }
        mapped(() -> service.command(access.server(), command, access.actorId(), null));
    }

    @Override
    public List<ScheduleInfo> schedules(long userId, String server) {
        Access access = require(userId, server, ServerPermissions.SCHEDULE_READ);
        return schedules.forServer(access.server().id()).stream().map(this::info).toList();
    }

    @Override
    public ScheduleInfo createSchedule(long userId, String server, String name, String cron, String taskAction, String payload) {
        Access access = require(userId, server, ServerPermissions.SCHEDULE_CREATE);
        CronSpec spec = CronSpec.parse(validateSchedule(name, cron, taskAction, payload));
        Schedules.Schedule created = schedules.create(access.server().id(), new Schedules.Fields(ScheduleRules.name(name), spec, true, false),
                runner.nextAfterNow(spec));
        schedules.addTask(created.id(), null, taskAction, ScheduleRules.payload(taskAction, payload), 0, false);
        activity.record(new Activity(access.actorId(), "server.schedule.create", access.server().subject(), null,
                Map.of("name", created.name(), "cron", spec.text())));
        return info(schedules.find(access.server().id(), created.id()).orElseThrow());
    }

    @Override
    public String validateSchedule(String name, String cron, String taskAction, String payload) {
        try {
            ScheduleRules.name(name);
            CronSpec spec = CronSpec.parse(cron == null ? "" : cron);
            ScheduleRules.payload(ScheduleRules.action(taskAction), payload);
            return spec.text();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    @Override
    public void deleteSchedule(long userId, String server, long scheduleId) {
        Access access = require(userId, server, ServerPermissions.SCHEDULE_DELETE);
        Schedules.Schedule schedule = schedules.find(access.server().id(), scheduleId)
                .orElseThrow(() -> new ActionRefused(Reason.NOT_FOUND, "This server has no schedule " + scheduleId + ".", null));
        schedules.delete(schedule.id());
        activity.record(new Activity(access.actorId(), "server.schedule.delete", access.server().subject(), null,
                Map.of("name", schedule.name())));
    }

    private PanelUser user(long userId) {
        return users.apply(userId).orElseThrow(() -> new ActionRefused(Reason.NOT_FOUND, "There is no such user.", null));
    }

    /** As {@link ServerLookup#require}: unseen is not found; a missing permission names itself. */
    private Access require(long userId, String server, String permission) {
        Access access = lookup.find(user(userId), server)
                .orElseThrow(() -> new ActionRefused(Reason.NOT_FOUND, "There is no server \"" + server + "\" you can access.", null));
        if (permission != null && !access.can(permission)) {
            throw new ActionRefused(Reason.NOT_PERMITTED, "You don't have the permission \"" + permission + "\" on "
                    + access.server().name() + ".", permission);
        }
        return access;
    }

    private static String permission(Capability capability) {
        return switch (capability) {
            case VIEW -> null;
            case READ_CONSOLE -> ServerPermissions.WEBSOCKET_CONNECT;
            case START -> ServerPermissions.START;
            case STOP, KILL -> ServerPermissions.STOP;
            case RESTART -> ServerPermissions.RESTART;
            case SEND_COMMAND -> ServerPermissions.CONSOLE;
            case READ_SCHEDULES -> ServerPermissions.SCHEDULE_READ;
            case CREATE_SCHEDULE -> ServerPermissions.SCHEDULE_CREATE;
            case DELETE_SCHEDULE -> ServerPermissions.SCHEDULE_DELETE;
        };
    }

    private ServerStatus status(Access access) {
        GameServer s = access.server();
        String state = "offline";
        double cpu = 0;
        long memory = 0;
        long disk = 0;
        long uptime = 0;
        try {
            ResourceUsage usage = service.resources(s);
            state = usage.state().wireName();
            cpu = usage.cpuPercent();
            memory = usage.memoryBytes();
            disk = usage.diskBytes();
            uptime = usage.uptimeMillis();
        } catch (RuntimeException e) {
            // not registered on the node (e.g. its template is gone): offline, no usage
        }
        return new ServerStatus(s.uuid().toString(), s.identifier(), s.name(), state, s.suspended(), cpu, memory,
                s.memoryMb() * 1024L * 1024L, disk, uptime, List.copyOf(access.permissions()));
    }

    private ScheduleInfo info(Schedules.Schedule s) {
        List<String> tasks = schedules.tasks(s.id()).stream().map(t -> t.action() + ": " + t.payload()).toList();
        return new ScheduleInfo(s.id(), s.name(), s.cron().text(), s.active(), s.active() ? s.nextRunAt() : null, tasks);
    }

    private static ActionRefused invalid(String message) {
        return new ActionRefused(Reason.INVALID, message, null);
    }

    /** The servers feature's typed errors as refusals, with the words the API uses. */
    private static void mapped(Runnable action) {
        try {
            action.run();
        } catch (NodeException.ServerOffline e) {
            throw new ActionRefused(Reason.OFFLINE, "The server must be online to receive commands.", null);
        } catch (NodeException.PowerConflict e) {
            throw new ActionRefused(Reason.CONFLICT, "The server is " + e.state().wireName() + "; that action does not fit.", null);
        } catch (NodeException.CommandRejected e) {
            throw new ActionRefused(Reason.INVALID, "The command was refused: " + e.getMessage(), null);
        } catch (NodeException e) {
            throw new ActionRefused(Reason.CONFLICT, e.getMessage(), null);
        } catch (ServerProblem e) {
            throw new ActionRefused(e.kind() == ServerProblem.Kind.CONFLICT ? Reason.CONFLICT : Reason.INVALID, e.getMessage(), null);
        }
    }
}
