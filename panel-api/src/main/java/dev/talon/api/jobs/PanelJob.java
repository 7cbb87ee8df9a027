package dev.talon.api.jobs;

/**
 * The work of a scheduled job. Runs on a scheduler thread; never concurrently with itself on
 * the same instance, and with {@code PANEL_CLUSTERED=true} once across instances.
 */
@FunctionalInterface
public interface PanelJob {

    /**
     * Does one run.
     *
     * @return a one-line summary shown as the job's last result (e.g. "3 servers, 1 insight")
     * @throws Exception a failure, shown as the last result and logged
     */
    String run(JobContext context) throws Exception;

    /** Checked before each run; a disabled job is skipped and says so (feature toggles). */
    default boolean enabled() {
        return true;
    }
}
