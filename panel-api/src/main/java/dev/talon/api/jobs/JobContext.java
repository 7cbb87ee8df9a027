package dev.talon.api.jobs;

import java.time.Instant;

/** Facts about one run of a job. */
public interface JobContext {

    /** When the run was due. */
    Instant scheduledAt();

    /** Whether an administrator asked for it ("run now") rather than the schedule. */
    boolean manual();
}
