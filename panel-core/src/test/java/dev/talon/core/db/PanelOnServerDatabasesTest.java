package dev.talon.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.db.ScratchDatabase.Vendor;
import dev.talon.core.scheduler.JobRuns;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole panel served on PostgreSQL and on MariaDB through {@code PANEL_DB_URL}: migrations,
 * first start, sign-in, and Quartz's JDBC job store scheduling and running a job on that database.
 */
class PanelOnServerDatabasesTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Vendor.class, names = {"POSTGRESQL", "MARIADB"})
    void panel_serves_and_runs_jobs_through_quartz_on(Vendor vendor, @TempDir Path dir) throws InterruptedException {
        try (var scratch = ScratchDatabase.create(vendor);
             var panel = TestPanel.start(dir, Map.of("PANEL_DB_URL", scratch.url(), "PANEL_DB_USER", scratch.user()))) {
            assertEquals(vendor.name(), panel.panel().database().kind().name());

            var ready = panel.client().get("/ready");
            assertEquals(200, ready.status(), ready.body());
            assertTrue(ready.body().contains("\"database\":\"UP\"") && ready.body().contains("\"scheduler\":\"UP\""), ready.body());

            var jdbi = panel.panel().database().jdbi();
            int triggers = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE JOB_GROUP = 'core'")
                    .mapTo(Integer.class).one());
            assertTrue(triggers >= 2, "the core jobs are stored in " + vendor + "'s Quartz tables: " + triggers);

            WebClient admin = panel.admin();
            assertEquals(200, admin.get("/admin/scheduler").status());
            var run = admin.post("/admin/scheduler/core/sessions-cleanup/run", Map.of());
            assertEquals(302, run.status(), run.body());

            var runs = new JobRuns(jdbi);
            Optional<JobRuns.Run> last = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (last.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                last = runs.last("core", "sessions-cleanup");
            }
            assertTrue(last.isPresent(), "the job ran through Quartz on " + vendor);
            assertEquals("ok", last.get().outcome(), last.get().summary());
            assertTrue(last.get().manual());
        }
    }
}
