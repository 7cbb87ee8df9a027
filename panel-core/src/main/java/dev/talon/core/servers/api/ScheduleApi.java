package dev.talon.core.servers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.schedules.CronSpec;
import dev.talon.core.servers.schedules.ScheduleRules;
import dev.talon.core.servers.schedules.ScheduleRunner;
import dev.talon.core.servers.schedules.Schedules;
import dev.talon.core.servers.schedules.Schedules.Schedule;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerLookup.Access;
import dev.talon.core.web.Gate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pterodactyl's schedule endpoints ({@code /schedules}, {@code /schedules/{schedule}/tasks},
 * {@code /execute}) with the same shapes, plus Talon's run history ({@code /schedules/{schedule}/runs}).
 * Task actions: {@code command} and {@code power}; {@code time_offset} 0-900 s.
 */
public final class ScheduleApi {


    private final Schedules schedules;
    private final ScheduleRunner runner;
    private final ServerLookup lookup;
    private final ActivityLog activity;
    private final ObjectMapper json;

    public ScheduleApi(Schedules schedules, ScheduleRunner runner, ServerLookup lookup, ActivityLog activity, ObjectMapper json) {
        this.schedules = schedules;
        this.runner = runner;
        this.lookup = lookup;
        this.activity = activity;
        this.json = json;
    }

    void register(RoutesConfig routes, String server, Gate gate) {
        String base = server + "/schedules";
        routes.get(base, gate.api(this::list));
        routes.post(base, gate.api(this::create));
        routes.get(base + "/{schedule}", gate.api(this::show));
        routes.post(base + "/{schedule}", gate.api(this::update));
        routes.delete(base + "/{schedule}", gate.api(this::delete));
        routes.post(base + "/{schedule}/execute", gate.api(this::execute));
        routes.get(base + "/{schedule}/runs", gate.api(this::runs));
        routes.post(base + "/{schedule}/tasks", gate.api(this::createTask));
        routes.post(base + "/{schedule}/tasks/{task}", gate.api(this::updateTask));
        routes.delete(base + "/{schedule}/tasks/{task}", gate.api(this::deleteTask));
    }

    private void list(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_READ);
        List<Object> data = new ArrayList<>();
        schedules.forServer(access.server().id()).forEach(s -> data.add(transform(s)));
        ctx.json(PteroJson.list(data));
    }

    private void show(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_READ);
        ctx.json(transform(find(ctx, access)));
    }

    private void create(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_CREATE);
        Schedules.Fields fields = fields(PteroJson.requestBody(ctx, json));
        Schedule created = schedules.create(access.server().id(), fields, runner.nextAfterNow(fields.cron()));
        record(access, ctx, "server.schedule.create", Map.of("name", created.name(), "cron", created.cron().text()));
        ctx.json(transform(created));
    }

    private void update(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_UPDATE);
        Schedule schedule = find(ctx, access);
        Schedules.Fields fields = fields(PteroJson.requestBody(ctx, json));
        schedules.update(schedule, fields, runner.nextAfterNow(fields.cron()));
        record(access, ctx, "server.schedule.update", Map.of("name", fields.name(), "cron", fields.cron().text()));
        ctx.json(transform(schedules.find(access.server().id(), schedule.id()).orElseThrow()));
    }

    private void delete(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_DELETE);
        Schedule schedule = find(ctx, access);
        schedules.delete(schedule.id());
        record(access, ctx, "server.schedule.delete", Map.of("name", schedule.name()));
        ctx.status(204);
    }

    private void execute(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_UPDATE);
        Schedule schedule = find(ctx, access);
        runner.runNow(schedule);
        record(access, ctx, "server.schedule.run-now", Map.of("name", schedule.name()));
        ctx.status(202);
    }

    private void runs(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_READ);
        Schedule schedule = find(ctx, access);
        List<Object> data = new ArrayList<>();
        for (Schedules.Run run : schedules.runs(schedule.id(), 50)) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", run.id());
            a.put("manual", run.manual());
            a.put("started_at", PteroJson.time(run.startedAt()));
            a.put("finished_at", run.finishedAt() == null ? null : PteroJson.time(run.finishedAt()));
            a.put("outcome", run.outcome());
            a.put("summary", run.summary());
            data.add(PteroJson.object("schedule_run", a));
        }
        ctx.json(PteroJson.list(data));
    }

    private void createTask(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_UPDATE);
        Schedule schedule = find(ctx, access);
        JsonNode b = PteroJson.requestBody(ctx, json);
        TaskFields t = taskFields(b);
        Integer sequence = b.hasNonNull("sequence_id") ? b.path("sequence_id").asInt() : null;
        Schedules.Task task = schedules.addTask(schedule.id(), sequence, t.action, t.payload, t.offset, t.continueOnFailure);
        record(access, ctx, "server.task.create", Map.of("schedule", schedule.name(), "action", t.action, "payload", t.payload));
        ctx.json(transform(task, schedule));
    }

    private void updateTask(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_UPDATE);
        Schedule schedule = find(ctx, access);
        TaskFields t = taskFields(PteroJson.requestBody(ctx, json));
        long taskId = id(ctx.pathParam("task"));
        if (!schedules.updateTask(schedule.id(), taskId, t.action, t.payload, t.offset, t.continueOnFailure)) {
            throw notFound();
        }
        record(access, ctx, "server.task.update", Map.of("schedule", schedule.name(), "action", t.action, "payload", t.payload));
        ctx.json(transform(schedules.tasks(schedule.id()).stream().filter(x -> x.id() == taskId).findFirst().orElseThrow(), schedule));
    }

    private void deleteTask(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.SCHEDULE_UPDATE);
        Schedule schedule = find(ctx, access);
        if (!schedules.deleteTask(schedule.id(), id(ctx.pathParam("task")))) {
            throw notFound();
        }
        record(access, ctx, "server.task.delete", Map.of("schedule", schedule.name()));
        ctx.status(204);
    }

    private record TaskFields(String action, String payload, int offset, boolean continueOnFailure) {}

    private static TaskFields taskFields(JsonNode b) {
        try {
            String action = ScheduleRules.action(b.path("action").asText(""));
            String payload = ScheduleRules.payload(action, b.path("payload").asText(""));
            int offset = ScheduleRules.offset(b.path("time_offset").asInt(0));
            return new TaskFields(action, payload, offset, b.path("continue_on_failure").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Schedules.Fields fields(JsonNode b) {
        String name;
        try {
            name = ScheduleRules.name(b.path("name").asText(""));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        CronSpec cron;
        try {
            cron = new CronSpec(b.path("minute").asText("*"), b.path("hour").asText("*"), b.path("day_of_month").asText("*"),
                    b.path("month").asText("*"), b.path("day_of_week").asText("*"));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return new Schedules.Fields(name, cron, b.path("is_active").asBoolean(true), b.path("only_when_online").asBoolean(false));
    }

    private Schedule find(Context ctx, Access access) {
        return schedules.find(access.server().id(), id(ctx.pathParam("schedule"))).orElseThrow(ScheduleApi::notFound);
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static NotFoundResponse notFound() {
        return new NotFoundResponse("The requested resource could not be found on the server.");
    }

    private static HttpResponseException invalid(String message) {
        return new HttpResponseException(422, message, Map.of());
    }

    private Map<String, Object> transform(Schedule s) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", s.id());
        a.put("name", s.name());
        a.put("cron", Map.of("day_of_week", s.cron().dayOfWeek(), "day_of_month", s.cron().dayOfMonth(), "month", s.cron().month(),
                "hour", s.cron().hour(), "minute", s.cron().minute()));
        a.put("is_active", s.active());
        a.put("is_processing", schedules.processing(s.id()));
        a.put("only_when_online", s.onlyWhenOnline());
        a.put("last_run_at", s.lastRunAt() == null ? null : PteroJson.time(s.lastRunAt()));
        a.put("next_run_at", s.nextRunAt() == null || !s.active() ? null : PteroJson.time(s.nextRunAt()));
        a.put("created_at", PteroJson.time(s.createdAt()));
        a.put("updated_at", PteroJson.time(s.updatedAt()));
        List<Object> tasks = new ArrayList<>();
        schedules.tasks(s.id()).forEach(t -> tasks.add(transform(t, s)));
        a.put("relationships", Map.of("tasks", PteroJson.list(tasks)));
        return PteroJson.object("server_schedule", a);
    }

    private static Map<String, Object> transform(Schedules.Task t, Schedule s) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", t.id());
        a.put("sequence_id", t.sequenceId());
        a.put("action", t.action());
        a.put("payload", t.payload());
        a.put("time_offset", t.timeOffset());
        a.put("is_queued", false);
        a.put("continue_on_failure", t.continueOnFailure());
        a.put("created_at", PteroJson.time(s.createdAt()));
        a.put("updated_at", PteroJson.time(s.updatedAt()));
        return PteroJson.object("schedule_task", a);
    }

    private void record(Access access, Context ctx, String event, Map<String, Object> properties) {
        activity.record(new Activity(access.actorId(), event, access.server().subject(), ctx.ip(), properties));
    }

}
