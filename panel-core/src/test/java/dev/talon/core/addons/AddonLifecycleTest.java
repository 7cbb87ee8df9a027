package dev.talon.core.addons;

import static dev.talon.core.addons.TestAddons.addonRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enable/disable choices outlive a restart; reload and rescan pick up what changed on disk. */
class AddonLifecycleTest {

    @Test
    void disabled_state_survives_a_restart_and_reload_picks_up_a_replaced_jar(@TempDir Path root) throws Exception {
        Path addons = root.resolve("addons");
        Path v100 = TestAddons.full("1.0.0").installIn(addons);

        try (var panel = TestPanel.start(root)) {
            var admin = panel.admin();
            assertEquals(200, admin.get("/admin/full/notes").status());
            assertEquals(302, admin.post("/admin/addons/full/disable", Map.of()).status());
        }

        try (var panel = TestPanel.start(root)) {
            var admin = panel.admin();
            assertTrue(addonRow(admin, "full").contains("class=\"state-disabled\""), "still disabled after the restart");
            assertEquals(404, admin.get("/admin/full/notes").status());
            assertFalse(admin.get("/admin/scheduler").body().contains("job-full-count-notes"));
            assertEquals(0, quartzJobs(panel, "full"), "the job left in Quartz by the last run is removed");

            assertEquals(302, admin.post("/admin/addons/full/enable", Map.of()).status());
            assertTrue(admin.get("/admin/full/notes").body().contains("full-admin-route 1.0.0"));
            assertEquals(1, quartzJobs(panel, "full"));

            assertEquals(3_600_000L, repeatInterval(panel, "full", "count-notes"));
            Files.delete(v100);
            TestAddons.full("1.0.1", 30).installIn(addons);
            assertEquals(302, admin.post("/admin/addons/full/reload", Map.of()).status());
            String row = addonRow(admin, "full");
            assertTrue(row.contains("class=\"state-started\"") && row.contains("1.0.1"), row);
            String page = admin.get("/admin/full/notes").body();
            assertTrue(page.contains("full-admin-route 1.0.1"), page);
            assertEquals(1, countOf(page, "seeded by migration"), "migrations already applied are not run again");
            assertEquals(200, admin.get("/full/hello/world").status());
            assertEquals("full-client-route 1.0.1 hello world", admin.get("/full/hello/world").body());
            assertEquals(1, quartzJobs(panel, "full"));
            assertEquals(1_800_000L, repeatInterval(panel, "full", "count-notes"), "the changed interval is rescheduled");
            assertTrue(admin.get("/admin/scheduler").body().contains("every 30 min"));

            // The same file name overwritten in place (a copy over the old jar) is picked up too.
            TestAddons.full("1.0.2").writeTo(addons.resolve("full").resolve("full-1.0.1.jar"));
            assertEquals(302, admin.post("/admin/addons/full/reload", Map.of()).status());
            assertEquals("full-client-route 1.0.2 hello world", admin.get("/full/hello/world").body());
        }

        try (var panel = TestPanel.start(root)) {
            assertEquals("full-client-route 1.0.2 hello world", panel.admin().get("/full/hello/world").body(),
                    "enabled again after the next restart");
        }
    }

    @Test
    void rescan_starts_an_addon_copied_in_while_the_panel_runs(@TempDir Path root) {
        try (var panel = TestPanel.start(root)) {
            WebClient admin = panel.admin();
            assertEquals(404, admin.get("/api/late/hello").status());
            TestAddons.simple("late", """
                    registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/late/hello", r -> r.ctx().result("late hello")));
                    """).installIn(root.resolve("addons"));
            var rescan = admin.post("/admin/addons/rescan", Map.of());
            assertEquals(302, rescan.status());
            assertTrue(admin.get("/admin/addons").body().contains("Loaded: late"));
            assertTrue(addonRow(admin, "late").contains("class=\"state-started\""));
            assertEquals("late hello", admin.get("/api/late/hello").body());
        }
    }

    static int quartzJobs(TestPanel panel, String group) {
        return panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = :g").bind("g", group).mapTo(Integer.class).one());
    }

    static long repeatInterval(TestPanel panel, String group, String key) {
        return panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT REPEAT_INTERVAL FROM QRTZ_SIMPLE_TRIGGERS WHERE TRIGGER_GROUP = :g AND TRIGGER_NAME = :k")
                .bind("g", group).bind("k", key).mapTo(Long.class).one());
    }

    static int countOf(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
