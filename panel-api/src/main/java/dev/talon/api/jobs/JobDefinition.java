package dev.talon.api.jobs;

import java.util.Objects;

/**
 * A job an add-on contributes.
 *
 * @param key unique within the add-on, e.g. {@code analyze-server-logs}
 * @param description one line for the scheduler page
 * @param schedule when it runs
 * @param job what it does
 */
public record JobDefinition(String key, String description, Schedule schedule, PanelJob job) {
    public JobDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(job, "job");
        if (!key.matches("[a-z0-9][a-z0-9_-]{0,60}")) {
            throw new IllegalArgumentException("Job key must be lower case letters, digits, - or _: " + key);
        }
        description = description == null ? "" : description;
    }
}
