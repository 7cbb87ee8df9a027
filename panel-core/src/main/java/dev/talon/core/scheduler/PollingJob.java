package dev.talon.core.scheduler;

import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.PanelJob;
import java.util.Optional;

/**
 * A core job that polls often (every few seconds) and usually finds nothing to do. Its idle
 * scheduled runs are not written to the run history, which would otherwise fill with thousands of
 * "nothing happened" rows a day and push the runs that did something out of sight. Runs that did
 * something, failures and manual runs are recorded as for any job. Core-only: add-on jobs are
 * plain {@link PanelJob}s and every run of theirs is recorded.
 */
public interface PollingJob extends PanelJob {

    /**
     * Does one run.
     *
     * @return a one-line summary when the run did something; empty when there was nothing to do
     */
    Optional<String> poll(JobContext context) throws Exception;

    @Override
    default String run(JobContext context) throws Exception {
        return poll(context).orElse("Nothing to do.");
    }
}
