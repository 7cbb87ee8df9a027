package dev.talon.api.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * When a job runs: a fixed interval or a Quartz cron expression (seconds first, e.g.
 * {@code "0 0 4 * * ?"} for 04:00 every day).
 *
 * @param interval the interval, or {@code null} for a cron schedule
 * @param cron the cron expression, or {@code null} for an interval
 */
public record Schedule(Duration interval, String cron) {
    public Schedule {
        if ((interval == null) == (cron == null)) {
            throw new IllegalArgumentException("A schedule has either an interval or a cron expression");
        }
        if (interval != null && interval.toSeconds() < 1) {
            throw new IllegalArgumentException("Interval must be at least one second: " + interval);
        }
    }

    public static Schedule every(Duration interval) {
        return new Schedule(Objects.requireNonNull(interval), null);
    }

    public static Schedule cron(String expression) {
        return new Schedule(null, Objects.requireNonNull(expression));
    }
}
