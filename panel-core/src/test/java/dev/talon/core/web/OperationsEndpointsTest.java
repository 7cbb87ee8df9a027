package dev.talon.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health, /ready, /metrics and themes, through the real server. */
class OperationsEndpointsTest {

    @TempDir
    static Path dir;

    static TestPanel panel;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir, Map.of("PANEL_METRICS_TOKEN", "scrape-token-123"));
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void health_and_ready_answer_without_signing_in() {
        var health = panel.client().get("/health");
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"UP\"}", health.body());
        var ready = panel.client().get("/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.body().contains("\"database\":\"UP\"") && ready.body().contains("\"scheduler\":\"UP\""), ready.body());
    }

    @Test
    void metrics_are_for_admins_and_the_scrape_token_only() {
        assertEquals(404, panel.client().get("/metrics").status(), "anonymous");
        assertEquals(404, panel.client().get("/metrics", Map.of("Authorization", "Bearer wrong")).status(), "wrong token");

        panel.panel().users().create("client@example.com", "Client", "client-password-1", false);
        var client = panel.client();
        client.login("client@example.com", "client-password-1");
        assertEquals(404, client.get("/metrics").status(), "a client");

        var scraped = panel.client().get("/metrics", Map.of("Authorization", "Bearer scrape-token-123"));
        assertEquals(200, scraped.status());
        assertTrue(scraped.header("Content-Type").startsWith("text/plain"), scraped.header("Content-Type"));
        assertTrue(scraped.body().contains("jvm_memory_used_bytes"), "JVM metrics");

        var admin = panel.admin();
        admin.get("/admin");
        var asAdmin = admin.get("/metrics");
        assertEquals(200, asAdmin.status());
        assertTrue(asAdmin.body().contains("talon_http_requests_seconds_count"), "request timer is exported");
    }

    @Test
    void an_admin_switches_to_the_dark_theme_and_pages_use_it() {
        var admin = panel.admin();
        assertTrue(admin.get("/admin").body().contains("href=\"/theme/default.css\""));
        var saved = admin.post("/admin/settings/theme", Map.of("theme", "dark"));
        assertEquals(302, saved.status());
        assertTrue(admin.get("/admin").body().contains("href=\"/theme/dark.css\""));
        var css = panel.client().get("/theme/dark.css");
        assertEquals(200, css.status());
        assertTrue(css.body().contains("color-scheme: dark"));

        var refused = admin.post("/admin/settings/theme", Map.of("theme", "../../etc/passwd"));
        assertEquals(302, refused.status());
        assertTrue(admin.get("/admin/settings").body().contains("There is no theme"), "error shown");
        assertEquals(404, panel.client().get("/theme/nope.css").status());
        admin.post("/admin/settings/theme", Map.of("theme", "default"));
    }
}
