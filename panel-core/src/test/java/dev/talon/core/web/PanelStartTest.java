package dev.talon.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelStartTest {

    @Test
    void first_start_creates_the_admin_who_sees_both_dashboards_with_core_widgets(@TempDir Path dir) {
        try (var panel = TestPanel.start(dir)) {
            var anonymous = panel.client().get("/");
            assertEquals(302, anonymous.status());
            assertTrue(anonymous.location().endsWith("/auth/login?next=%2F"), anonymous.location());

            var admin = panel.admin();
            var adminDashboard = admin.get("/admin");
            assertEquals(200, adminDashboard.status());
            assertTrue(adminDashboard.body().contains("id=\"widget-core-overview\""), "admin overview widget");
            assertTrue(adminDashboard.body().contains("id=\"widget-core-system\""), "admin system widget");

            var clientDashboard = admin.get("/");
            assertEquals(200, clientDashboard.status());
            assertTrue(clientDashboard.body().contains("id=\"widget-core-account\""), "client account widget");

            var ready = panel.client().get("/ready");
            assertEquals(200, ready.status());
            assertTrue(ready.body().contains("\"database\":\"UP\""), ready.body());
            assertTrue(ready.body().contains("\"scheduler\":\"UP\""), ready.body());
        }
    }
}
