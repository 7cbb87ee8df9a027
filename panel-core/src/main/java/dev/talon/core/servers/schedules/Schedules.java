package dev.talon.core.servers.schedules;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Data access for schedules, their ordered tasks and their runs (tables of V3 and V4). The
 * {@link #claim} update is the only thing that decides that a due schedule fires, so several panel
 * instances (or a job that overlaps itself) fire each due time once. Thread-safe.
 */
public final class Schedules {

    /** A schedule as stored; {@code nextRunAt} is null until first computed. */
    public record Schedule(long id, long serverId, String name, CronSpec cron, boolean active, boolean onlyWhenOnline,
            Long lastRunAt, Long nextRunAt, long createdAt, long updatedAt) {}

    /** One task; {@code timeOffset} is the delay in seconds after the previous task. */
    public record Task(long id, long scheduleId, int sequenceId, String action, String payload, int timeOffset,
            boolean continueOnFailure) {}

    /** One run: {@code outcome} is running, ok, failed, skipped or interrupted. */
    public record Run(long id, long scheduleId, boolean manual, long startedAt, Long finishedAt, String outcome, String summary) {}

    /** What a create or update asks for. */
    public record Fields(String name, CronSpec cron, boolean active, boolean onlyWhenOnline) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public Schedules(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    private static final String COLUMNS = "id, server_id, name, cron, active, only_when_online, last_run_at, next_run_at, created_at, updated_at";

    public List<Schedule> forServer(long serverId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM server_schedules WHERE server_id = :s ORDER BY id")
                .bind("s", serverId).map((rs, ctx) -> schedule(rs)).list());
    }

    public Optional<Schedule> find(long serverId, long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM server_schedules WHERE server_id = :s AND id = :id")
                .bind("s", serverId).bind("id", id).map((rs, ctx) -> schedule(rs)).findOne());
    }

    /** Active schedules due at {@code now} (or never computed). */
    public List<Schedule> due(long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM server_schedules WHERE active = TRUE AND (next_run_at IS NULL OR next_run_at <= :now) ORDER BY next_run_at")
                .bind("now", now).map((rs, ctx) -> schedule(rs)).list());
    }

    public Schedule create(long serverId, Fields f, Long nextRunAt) {
        long now = clock.millis();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO server_schedules (server_id, name, cron, active, only_when_online, next_run_at, created_at, updated_at)
                        VALUES (:s, :name, :cron, :active, :online, :next, :now, :now)""")
                .bind("s", serverId).bind("name", f.name()).bind("cron", f.cron().text()).bind("active", f.active())
                .bind("online", f.onlyWhenOnline()).bind("next", nextRunAt).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return find(serverId, id).orElseThrow();
    }

    public void update(Schedule s, Fields f, Long nextRunAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE server_schedules SET name = :name, cron = :cron, active = :active, only_when_online = :online,
                        next_run_at = :next, updated_at = :now WHERE id = :id""")
                .bind("name", f.name()).bind("cron", f.cron().text()).bind("active", f.active()).bind("online", f.onlyWhenOnline())
                .bind("next", nextRunAt).bind("now", clock.millis()).bind("id", s.id()).execute());
    }

    public void delete(long id) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM server_schedule_runs WHERE schedule_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM server_schedule_tasks WHERE schedule_id = :id").bind("id", id).execute();
            h.createUpdate("DELETE FROM server_schedules WHERE id = :id").bind("id", id).execute();
        });
    }

    /**
     * Moves a due schedule to its next time, if no one else did: true means this caller fires it.
     * {@code expected} is the {@code next_run_at} the caller saw (null for never computed).
     */
    public boolean claim(long id, Long expected, long next, boolean fire) {
        return jdbi.withHandle(h -> {
            String where = expected == null ? "next_run_at IS NULL" : "next_run_at = :expected";
            var update = h.createUpdate("UPDATE server_schedules SET next_run_at = :next"
                            + (fire ? ", last_run_at = :now" : "") + " WHERE id = :id AND " + where)
                    .bind("next", next).bind("id", id).bind("now", clock.millis());
            if (expected != null) {
                update.bind("expected", expected);
            }
            return update.execute() == 1;
        });
    }

    public void markManualRun(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE server_schedules SET last_run_at = :now WHERE id = :id")
                .bind("now", clock.millis()).bind("id", id).execute());
    }

    public List<Task> tasks(long scheduleId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, schedule_id, sequence_id, action, payload, time_offset, continue_on_failure
                        FROM server_schedule_tasks WHERE schedule_id = :id ORDER BY sequence_id, id""")
                .bind("id", scheduleId).map((rs, ctx) -> new Task(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getBoolean(7))).list());
    }

    /** Adds a task at the end (or at {@code sequenceId}, moving later ones down). */
    public Task addTask(long scheduleId, Integer sequenceId, String action, String payload, int timeOffset, boolean continueOnFailure) {
        long id = jdbi.inTransaction(h -> {
            int last = h.createQuery("SELECT COALESCE(MAX(sequence_id), 0) FROM server_schedule_tasks WHERE schedule_id = :id")
                    .bind("id", scheduleId).mapTo(Integer.class).one();
            int sequence = sequenceId == null || sequenceId > last ? last + 1 : Math.max(1, sequenceId);
            h.createUpdate("UPDATE server_schedule_tasks SET sequence_id = sequence_id + 1 WHERE schedule_id = :id AND sequence_id >= :seq")
                    .bind("id", scheduleId).bind("seq", sequence).execute();
            return h.createUpdate("""
                            INSERT INTO server_schedule_tasks (schedule_id, sequence_id, action, payload, time_offset, continue_on_failure)
                            VALUES (:id, :seq, :action, :payload, :offset, :cont)""")
                    .bind("id", scheduleId).bind("seq", sequence).bind("action", action).bind("payload", payload)
                    .bind("offset", timeOffset).bind("cont", continueOnFailure)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        });
        return tasks(scheduleId).stream().filter(t -> t.id() == id).findFirst().orElseThrow();
    }

    public boolean updateTask(long scheduleId, long taskId, String action, String payload, int timeOffset, boolean continueOnFailure) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE server_schedule_tasks SET action = :action, payload = :payload, time_offset = :offset,
                        continue_on_failure = :cont WHERE id = :task AND schedule_id = :id""")
                .bind("action", action).bind("payload", payload).bind("offset", timeOffset).bind("cont", continueOnFailure)
                .bind("task", taskId).bind("id", scheduleId).execute() == 1);
    }

    public boolean deleteTask(long scheduleId, long taskId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM server_schedule_tasks WHERE id = :task AND schedule_id = :id")
                .bind("task", taskId).bind("id", scheduleId).execute() == 1);
    }

    public long startRun(long scheduleId, boolean manual) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO server_schedule_runs (schedule_id, manual, started_at, outcome) VALUES (:id, :manual, :now, 'running')""")
                .bind("id", scheduleId).bind("manual", manual).bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public void finishRun(long runId, String outcome, String summary) {
        String text = summary.length() > 1000 ? summary.substring(0, 997) + "…" : summary;
        jdbi.useHandle(h -> h.createUpdate("UPDATE server_schedule_runs SET finished_at = :now, outcome = :o, summary = :s WHERE id = :id")
                .bind("now", clock.millis()).bind("o", outcome).bind("s", text).bind("id", runId).execute());
    }

    /** Runs left "running" by a stopped panel become "interrupted" (the chain ran in that process). */
    public int interruptUnfinished() {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE server_schedule_runs SET finished_at = :now, outcome = 'interrupted',
                        summary = 'The panel stopped while the run was in progress.' WHERE finished_at IS NULL""")
                .bind("now", clock.millis()).execute());
    }

    public List<Run> runs(long scheduleId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, schedule_id, manual, started_at, finished_at, outcome, summary FROM server_schedule_runs
                        WHERE schedule_id = :id ORDER BY started_at DESC, id DESC""")
                .bind("id", scheduleId).setMaxRows(limit).map((rs, ctx) -> new Run(rs.getLong(1), rs.getLong(2), rs.getBoolean(3),
                        rs.getLong(4), (Long) rs.getObject(5, Long.class), rs.getString(6), rs.getString(7))).list());
    }

    public boolean processing(long scheduleId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM server_schedule_runs WHERE schedule_id = :id AND finished_at IS NULL")
                .bind("id", scheduleId).mapTo(Integer.class).one() > 0);
    }

    private static Schedule schedule(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Schedule(rs.getLong("id"), rs.getLong("server_id"), rs.getString("name"), CronSpec.parse(rs.getString("cron")),
                rs.getBoolean("active"), rs.getBoolean("only_when_online"), rs.getObject("last_run_at", Long.class),
                rs.getObject("next_run_at", Long.class), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

}
