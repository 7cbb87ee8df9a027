package dev.talon.core.scheduler;

import dev.talon.api.DatabaseKind;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.core.addons.ContributionRegistry;
import dev.talon.core.addons.Contributions;
import dev.talon.core.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz on the panel database (JDBC job store, tables from the core migration), clustered when
 * {@code PANEL_CLUSTERED=true}. The jobs of the core and of every started add-on are kept in step
 * with the {@link ContributionRegistry}: a job group per source, one Quartz job per definition.
 *
 * <p>Lifecycle: {@link #start()} after migrations, {@link #close()} on shutdown (waits for
 * running jobs). CLI commands never start it.
 */
public final class PanelScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PanelScheduler.class);

    /** A job as the scheduler page shows it. */
    public record JobView(String group, String key, String description, String schedule, Date nextFire,
                          Optional<JobRuns.Run> lastRun, boolean enabled) {}

    private final Scheduler quartz;
    private final ContributionRegistry registry;
    private final JobRuns runs;
    private final Clock clock;

    public PanelScheduler(Database database, ContributionRegistry registry, JobRuns runs, boolean clustered, Clock clock) {
        this.registry = registry;
        this.runs = runs;
        this.clock = clock;
        String dataSourceName = "talon-" + System.identityHashCode(this);
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return database.dataSource().getConnection();
            }

            @Override
            public void shutdown() {}

            @Override
            public void initialize() {}
        });
        var props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.threadPool.threadCount", "4");
        props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        props.setProperty("org.quartz.jobStore.driverDelegateClass", database.kind() == DatabaseKind.POSTGRESQL
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        props.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        props.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        props.setProperty("org.quartz.jobStore.isClustered", String.valueOf(clustered));
        props.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        try {
            this.quartz = createNamed(props);
            quartz.getContext().put(ContributedJob.SCHEDULER_KEY, this);
        } catch (SchedulerException e) {
            throw new IllegalStateException("The scheduler could not be created: " + e.getMessage(), e);
        }
    }

    /**
     * "talon" on every instance, which clustering needs (instances of one cluster share the name).
     * Quartz keeps schedulers in a JVM-wide registry by name, so a second panel in the same JVM
     * (tests, embedding) gets a name of its own instead of silently sharing the first one's.
     */
    private static synchronized Scheduler createNamed(Properties props) throws SchedulerException {
        String name = "talon";
        for (int i = 2; org.quartz.impl.SchedulerRepository.getInstance().lookup(name) != null; i++) {
            name = "talon-" + i;
        }
        props.setProperty("org.quartz.scheduler.instanceName", name);
        return new StdSchedulerFactory(props).getScheduler();
    }

    public void start() {
        try {
            sync();
            registry.onChange(r -> sync());
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("The scheduler could not start: " + e.getMessage(), e);
        }
    }

    public boolean isRunning() {
        try {
            return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Brings Quartz's jobs in line with the registry: new ones scheduled, gone ones deleted, changed ones rescheduled. */
    synchronized void sync() {
        try {
            Set<JobKey> wanted = new HashSet<>();
            for (Contributions c : registry.all()) {
                for (JobDefinition job : c.jobs()) {
                    JobKey key = JobKey.jobKey(job.key(), c.source());
                    wanted.add(key);
                    Trigger trigger = trigger(key, job);
                    Trigger existing = quartz.getTrigger(trigger.getKey());
                    if (!quartz.checkExists(key)) {
                        JobDetail detail = JobBuilder.newJob(ContributedJob.class).withIdentity(key)
                                .withDescription(job.description()).storeDurably().build();
                        quartz.scheduleJob(detail, trigger);
                    } else if (existing == null || !describe(existing).equals(describe(trigger))) {
                        quartz.rescheduleJob(trigger.getKey(), trigger);
                        if (existing == null) {
                            quartz.scheduleJob(trigger);
                        }
                    }
                }
            }
            for (String group : quartz.getJobGroupNames()) {
                for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                    if (!wanted.contains(key)) {
                        quartz.deleteJob(key);
                    }
                }
            }
        } catch (SchedulerException e) {
            log.error("Could not bring scheduled jobs up to date", e);
        }
    }

    private static Trigger trigger(JobKey key, JobDefinition job) {
        var builder = TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(key.getName(), key.getGroup())).forJob(key);
        if (job.schedule().cron() != null) {
            return builder.withSchedule(CronScheduleBuilder.cronSchedule(job.schedule().cron()).withMisfireHandlingInstructionDoNothing()).build();
        }
        long seconds = job.schedule().interval().toSeconds();
        return builder.startAt(new Date(System.currentTimeMillis() + seconds * 1000))
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever((int) Math.min(Integer.MAX_VALUE, seconds))
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    private static String describe(Trigger trigger) {
        if (trigger instanceof org.quartz.CronTrigger cron) {
            return "cron " + cron.getCronExpression();
        }
        if (trigger instanceof org.quartz.SimpleTrigger simple) {
            return "every " + simple.getRepeatInterval() / 1000 + " s";
        }
        return trigger.getClass().getSimpleName();
    }

    /** Fires a job at once, through Quartz (so clustering and the no-overlap rule still hold). */
    public boolean triggerNow(String group, String key) {
        try {
            JobKey jobKey = JobKey.jobKey(key, group);
            if (!quartz.checkExists(jobKey)) {
                return false;
            }
            quartz.triggerJob(jobKey, new JobDataMap(java.util.Map.of(ContributedJob.MANUAL, true)));
            return true;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not start the job: " + e.getMessage(), e);
        }
    }

    /** Runs a contributed job on the calling thread and records the outcome. */
    void runNow(String group, String key, JobContext context) {
        Optional<JobDefinition> definition = registry.of(group)
                .flatMap(c -> c.jobs().stream().filter(j -> j.key().equals(key)).findFirst());
        long started = clock.millis();
        if (definition.isEmpty()) {
            runs.record(group, key, context.manual(), started, clock.millis(), "skipped", "Its add-on is not running.");
            return;
        }
        if (!definition.get().job().enabled()) {
            runs.record(group, key, context.manual(), started, clock.millis(), "skipped", "Turned off in its settings.");
            return;
        }
        try {
            var job = definition.get().job();
            String summary;
            if (job instanceof PollingJob polling) {
                var result = polling.poll(context);
                if (result.isEmpty() && !context.manual()) {
                    return; // an idle poll: not worth a history row (see PollingJob)
                }
                summary = result.orElse("Nothing to do.");
            } else {
                summary = job.run(context);
            }
            runs.record(group, key, context.manual(), started, clock.millis(), "ok", summary);
        } catch (Exception e) {
            log.error("Job {}/{} failed", group, key, e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            runs.record(group, key, context.manual(), started, clock.millis(), "failed", message);
        }
    }

    public List<JobView> jobs() {
        var views = new ArrayList<JobView>();
        for (Contributions c : registry.all()) {
            for (JobDefinition job : c.jobs()) {
                Date next = null;
                try {
                    Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(job.key(), c.source()));
                    next = trigger == null ? null : trigger.getNextFireTime();
                } catch (SchedulerException e) {
                    log.warn("Could not read the trigger of {}/{}", c.source(), job.key(), e);
                }
                String schedule = job.schedule().cron() != null ? "cron " + job.schedule().cron()
                        : "every " + humanDuration(job.schedule().interval().toSeconds());
                views.add(new JobView(c.source(), job.key(), job.description(), schedule, next, runs.last(c.source(), job.key()),
                        job.job().enabled()));
            }
        }
        return views;
    }

    static String humanDuration(long seconds) {
        if (seconds % 86400 == 0) {
            return seconds / 86400 + " d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("Scheduler shutdown failed", e);
        }
    }
}
