package dev.talon.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.JobDefinition;
import dev.talon.api.jobs.Schedule;
import dev.talon.core.addons.ContributionRegistry;
import dev.talon.core.addons.Contributions;
import dev.talon.core.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frequent core pollers don't flood the job history with idle runs; everything else is still recorded. */
class PollingJobHistoryTest {

    private static JobContext context(boolean manual) {
        return new JobContext() {
            @Override
            public Instant scheduledAt() {
                return Instant.now();
            }

            @Override
            public boolean manual() {
                return manual;
            }
        };
    }

    @Test
    void idle_polls_are_not_recorded_but_busy_failed_and_manual_runs_are(@TempDir Path dir) throws Exception {
        try (Database database = Database.open(Database.h2Url(dir), null, null, 2)) {
            database.migrateCore();
            AtomicReference<Optional<String>> outcome = new AtomicReference<>(Optional.empty());
            PollingJob poller = context -> {
                if (outcome.get() == null) {
                    throw new IllegalStateException("database gone");
                }
                return outcome.get();
            };
            var registry = new ContributionRegistry();
            registry.put(new Contributions("core-test", List.of(), List.of(), List.of(),
                    List.of(new JobDefinition("poller", "polls", Schedule.every(Duration.ofHours(1)), poller),
                            new JobDefinition("plain", "an add-on style job", Schedule.every(Duration.ofHours(1)), context -> "0 things")),
                    List.of(), List.of(), List.of(), List.of(), List.of()));
            JobRuns runs = new JobRuns(database.jdbi());
            try (var scheduler = new PanelScheduler(database, registry, runs, false, Clock.systemUTC())) {
                for (int i = 0; i < 5; i++) {
                    scheduler.runNow("core-test", "poller", context(false));
                }
                assertEquals(0, runs.recent("core-test", "poller", 10).size(), "idle polls leave no rows");

                outcome.set(Optional.of("2 schedules fired"));
                scheduler.runNow("core-test", "poller", context(false));
                outcome.set(Optional.empty());
                scheduler.runNow("core-test", "poller", context(true));
                outcome.set(null);
                scheduler.runNow("core-test", "poller", context(false));
                List<String> recorded = runs.recent("core-test", "poller", 10).stream()
                        .map(r -> r.outcome() + ": " + r.summary() + (r.manual() ? " (manual)" : "")).toList();
                assertEquals(List.of("failed: database gone", "ok: Nothing to do. (manual)", "ok: 2 schedules fired"), recorded,
                        "newest first");

                scheduler.runNow("core-test", "plain", context(false));
                scheduler.runNow("core-test", "plain", context(false));
                assertEquals(2, runs.recent("core-test", "plain", 10).size(), "other jobs record every run, as before");
            }
        }
    }
}
