package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7's reports in a real panel with the built jar: "run now" writes them; AI Analytics lists, shows and downloads them. */
class AiReportsIT {

    @TempDir
    Path root;

    @Test
    void run_now_writes_yesterdays_reports_which_admins_read_as_html_and_download_as_markdown_and_clients_cannot_reach() {
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            long yesterday = System.currentTimeMillis() - 86_400_000L;
            ai.panel.panel().database().jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO ai_insights (created_at, server_uuid, server_name, owner_id, kind, category, severity, title, evidence)
                    VALUES (:at, NULL, NULL, NULL, 'alert', 'security', 'warning', '5 failed sign-ins for <b>x</b>@example.com', '> #1')""")
                    .bind("at", yesterday - yesterday % 86_400_000L + 3_600_000L).execute());
            WebClient admin = ai.admin();
            assertEquals(302, admin.post("/admin/scheduler/ollama-ai/ai-generate-insights/run", Map.of()).status());
            AddonPanel.eventually(() -> ai.count("SELECT COUNT(*) FROM ai_reports WHERE period = 'daily'"), n -> n == 1L,
                    "yesterday's panel report");

            String analytics = admin.get("/admin/ai/analytics").body();
            assertTrue(analytics.contains("Daily report — whole panel — "), analytics);
            long id = ai.count("SELECT id FROM ai_reports WHERE period = 'daily'");

            var html = admin.get("/admin/ai/reports/" + id);
            assertEquals(200, html.status());
            assertTrue(html.body().contains("id=\"ai-report\""));
            assertTrue(html.body().contains("AI summary absent"), "Ollama is down");
            assertTrue(html.body().contains("<table>"), "the numbers table is rendered");
            assertFalse(html.body().contains("<b>x</b>"), "titles from logs are not HTML");

            var md = admin.get("/admin/ai/reports/" + id + "/markdown");
            assertEquals(200, md.status());
            assertTrue(md.headers().toString().contains("attachment; filename=\\\"ai-report-daily-panel-")
                    || md.headers().toString().contains("attachment; filename=\"ai-report-daily-panel-"), md.headers().toString());
            assertTrue(md.body().startsWith("# Daily report — whole panel — "), md.body());
            assertTrue(md.body().contains("| security | 0 | 1 | 0 | 1 |"), md.body());

            ai.panel.panel().users().create("client@example.com", "Client", "client-password-1", false);
            WebClient client = ai.panel.client();
            client.login("client@example.com", "client-password-1");
            assertEquals(404, client.get("/admin/ai/reports/" + id).status());
            assertEquals(404, client.get("/admin/ai/reports/" + id + "/markdown").status());
        }
    }
}
