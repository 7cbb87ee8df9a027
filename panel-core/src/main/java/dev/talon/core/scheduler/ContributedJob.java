package dev.talon.core.scheduler;

import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.JobDefinition;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quartz job class: Quartz persists only its name and the (group, key) of the contributed
 * job, and each firing looks the current {@link JobDefinition} up. So add-on classes never have to
 * be loadable by Quartz, and a disabled add-on's job simply has nothing to run.
 */
@DisallowConcurrentExecution
public final class ContributedJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(ContributedJob.class);
    static final String SCHEDULER_KEY = "talon.scheduler";
    static final String MANUAL = "manual";

    @Override
    public void execute(JobExecutionContext context) {
        PanelScheduler scheduler;
        try {
            scheduler = (PanelScheduler) context.getScheduler().getContext().get(SCHEDULER_KEY);
        } catch (SchedulerException e) {
            log.error("Scheduler context unavailable", e);
            return;
        }
        String group = context.getJobDetail().getKey().getGroup();
        String key = context.getJobDetail().getKey().getName();
        boolean manual = context.getMergedJobDataMap().getBooleanValue(MANUAL);
        Instant due = context.getScheduledFireTime() == null ? Instant.now() : context.getScheduledFireTime().toInstant();
        scheduler.runNow(group, key, new JobContext() {
            @Override
            public Instant scheduledAt() {
                return due;
            }

            @Override
            public boolean manual() {
                return manual;
            }
        });
    }
}
