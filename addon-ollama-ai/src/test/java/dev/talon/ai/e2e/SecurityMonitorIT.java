package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7's security monitor in a real panel with the built jar: failed sign-ins through the login form become an alert. */
class SecurityMonitorIT {

    @TempDir
    Path root;

    @Test
    void six_failed_sign_ins_for_one_account_become_one_security_alert_with_the_evidence() {
        // Ollama down: the alert is stored all the same, "no AI summary yet".
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            ai.panel.panel().users().create("victim@example.com", "Victim", "the-real-password-1", false);
            WebClient attacker = ai.panel.client();
            attacker.get("/auth/login");
            for (int i = 0; i < 6; i++) {
                var page = attacker.post("/auth/login", Map.of("email", "victim@example.com", "password", "guess-" + i, "next", "/"));
                assertTrue(page.status() == 401 || page.status() == 429, "refused: " + page.status());
            }
            WebClient admin = ai.admin();
            var run = admin.post("/admin/scheduler/ollama-ai/ai-monitor-security-threats/run", Map.of());
            assertEquals(302, run.status(), run.body());

            String title = AddonPanel.eventually(() -> ai.panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                            "SELECT title FROM ai_insights WHERE category = 'security'").mapTo(String.class).list()).toString(),
                    t -> t.contains("failed sign-ins for victim@example.com"), "the security alert");
            assertTrue(title.startsWith("[5 failed sign-ins") || title.startsWith("[6 failed sign-ins"),
                    "the host throttles after 5 and records those: " + title);
            String evidence = ai.panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT evidence FROM ai_insights WHERE category = 'security'").mapTo(String.class).one());
            assertTrue(evidence.contains("auth.login.failed user:victim@example.com from 127.0.0.1"), evidence);
            assertEquals(1, ai.count("SELECT COUNT(*) FROM ai_insights WHERE category = 'security' AND ai_status = 'pending'"));
            assertEquals(1, ai.count("SELECT COUNT(*) FROM ai_insights WHERE category = 'security'"),
                    "the admin's own first sign-in is the baseline, not an alert");

            String analytics = admin.get("/admin/ai/analytics?category=security").body();
            assertTrue(analytics.contains("failed sign-ins for victim@example.com"), "listed in AI Analytics");
        }
    }

    @Test
    void an_api_key_used_from_a_second_address_becomes_an_alert_naming_the_key_and_the_address() throws Exception {
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            var user = ai.panel.panel().users().create("dev@example.com", "Dev", "the-real-password-1", false);
            var key = ai.panel.panel().apiKeys().create(user.id(), "deploy", null);
            var http = new okhttp3.OkHttpClient();
            // The same panel reached over IPv4 and IPv6 loopback: two addresses without any proxy header.
            for (String host : new String[] {"127.0.0.1", "127.0.0.1", "[::1]"}) {
                var request = new okhttp3.Request.Builder().url("http://" + host + ":" + ai.panel.panel().port() + "/api/client/account")
                        .header("Authorization", "Bearer " + key.plainKey()).build();
                try (var response = http.newCall(request).execute()) {
                    assertEquals(200, response.code(), host);
                }
            }
            assertEquals(2, ai.count("SELECT COUNT(*) FROM activity_log WHERE action = 'auth.api-key.new-ip'"),
                    "one entry per new address, none for repeated use");
            var run = ai.admin().post("/admin/scheduler/ollama-ai/ai-monitor-security-threats/run", Map.of());
            assertEquals(302, run.status(), run.body());
            String titles = AddonPanel.eventually(() -> ai.panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                            "SELECT title FROM ai_insights WHERE category = 'security'").mapTo(String.class).list()).toString(),
                    t -> t.contains("API key"), "the API-key alert");
            assertTrue(titles.contains("API key tln_" + key.key().prefix() + " of dev@example.com used from a new address ")
                    && titles.contains("0:0:0:0:0:0:0:1"),
                    titles);
            assertEquals(1, ai.count("SELECT COUNT(*) FROM ai_insights WHERE title LIKE 'API key%'"), "the first address is the baseline");
        }
    }
}
