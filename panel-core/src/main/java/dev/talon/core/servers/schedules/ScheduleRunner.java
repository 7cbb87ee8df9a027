package dev.talon.core.servers.schedules;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.PowerState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules and runs their task chains. {@link #fireDue} is called by the core Quartz job
 * "server-schedules" (every 10 s, one instance at a time in a cluster): it claims each due schedule
 * with a conditional update, moves it to its next time and starts its chain. Chains run on virtual
 * threads owned here: each task waits its {@code time_offset} after the previous one, then sends a
 * command or a power signal as the system (no actor). A run is a row in
 * {@code server_schedule_runs}; a run cut off by a panel stop is marked interrupted at the next
 * start. Missed times while the panel was down fire once, not once per missed time.
 */
public final class ScheduleRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);

    private final Schedules schedules;
    private final ServerService service;
    private final ActivityLog activity;
    private final Clock clock;
    private final ExecutorService chains = Executors.newVirtualThreadPerTaskExecutor();

    public ScheduleRunner(Schedules schedules, ServerService service, ActivityLog activity, Clock clock) {
        this.schedules = schedules;
        this.service = service;
        this.activity = activity;
        this.clock = clock;
    }

    /** At start-up: runs cut off by the previous stop become "interrupted". */
    public void open() {
        int interrupted = schedules.interruptUnfinished();
        if (interrupted > 0) {
            LOG.info("{} schedule runs were interrupted by the last stop", interrupted);
        }
    }

    /** The next due time after now, in the clock's zone. */
    public long nextAfterNow(CronSpec cron) {
        return cron.nextAfter(Instant.ofEpochMilli(clock.millis()), clock.getZone()).toEpochMilli();
    }

    /**
     * Fires every due schedule this caller manages to claim; returns a summary for the job's run
     * history, or empty when nothing was due (the job then records no run, see {@code PollingJob}).
     */
    public Optional<String> fireDue() {
        long now = clock.millis();
        int fired = 0;
        for (Schedules.Schedule schedule : schedules.due(now)) {
            long next = nextAfterNow(schedule.cron());
            boolean due = schedule.nextRunAt() != null;
            if (schedules.claim(schedule.id(), schedule.nextRunAt(), next, due) && due) {
                start(schedule, false);
                fired++;
            }
        }
        return fired == 0 ? Optional.empty() : Optional.of(fired + (fired == 1 ? " schedule fired" : " schedules fired"));
    }

    /** Starts a schedule's chain now ("run now"); returns the run's id. */
    public Future<?> runNow(Schedules.Schedule schedule) {
        schedules.markManualRun(schedule.id());
        return start(schedule, true);
    }

    private Future<?> start(Schedules.Schedule schedule, boolean manual) {
        long runId = schedules.startRun(schedule.id(), manual);
        return chains.submit(() -> {
            try {
                Outcome outcome = run(schedule);
                schedules.finishRun(runId, outcome.outcome(), outcome.summary());
            } catch (InterruptedException e) {
                schedules.finishRun(runId, "interrupted", "The panel stopped while the run was in progress.");
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Schedule {} failed", schedule.id(), e);
                schedules.finishRun(runId, "failed", String.valueOf(e.getMessage()));
            }
        });
    }

    private record Outcome(String outcome, String summary) {}

    private Outcome run(Schedules.Schedule schedule) throws InterruptedException {
        Optional<GameServer> found = service.repository().find(schedule.serverId());
        if (found.isEmpty()) {
            return new Outcome("skipped", "The server no longer exists.");
        }
        GameServer server = found.get();
        if (server.suspended()) {
            return new Outcome("skipped", "The server is suspended.");
        }
        if (schedule.onlyWhenOnline() && state(server) != PowerState.RUNNING) {
            return new Outcome("skipped", "The server was not running (only when online).");
        }
        List<String> steps = new ArrayList<>();
        boolean failed = false;
        for (Schedules.Task task : schedules.tasks(schedule.id())) {
            if (task.timeOffset() > 0) {
                TimeUnit.SECONDS.sleep(task.timeOffset());
            }
            try {
                execute(server, task);
                steps.add("#" + task.sequenceId() + " " + task.action() + " " + task.payload() + ": ok");
            } catch (RuntimeException e) {
                failed = true;
                steps.add("#" + task.sequenceId() + " " + task.action() + " " + task.payload() + ": " + e.getMessage());
                if (!task.continueOnFailure()) {
                    break;
                }
            }
        }
        activity.record(new Activity(null, "server.schedule.execute", server.subject(), null,
                Map.of("schedule", schedule.name(), "failed", failed)));
        return new Outcome(failed ? "failed" : "ok", steps.isEmpty() ? "No tasks." : String.join("; ", steps));
    }

    private PowerState state(GameServer server) {
        try {
            return service.state(server);
        } catch (RuntimeException e) {
            return PowerState.OFFLINE;
        }
    }

    private void execute(GameServer server, Schedules.Task task) {
        switch (task.action()) {
            case "command" -> service.command(server, task.payload(), null, null);
            case "power" -> service.power(server, PowerAction.fromWire(task.payload()), null, null);
            default -> throw new IllegalArgumentException("unknown task action " + task.action());
        }
    }

    @Override
    public void close() {
        chains.shutdownNow();
    }
}
