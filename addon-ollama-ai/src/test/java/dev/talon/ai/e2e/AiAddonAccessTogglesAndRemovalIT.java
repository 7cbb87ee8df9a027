package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Route;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance 1–3 around the add-on as a whole, in a real panel with the built jar: a
 * client can't reach any admin AI route; with Ollama down every admin AI page renders and says so
 * while the dashboards never call Ollama; feature toggles really turn features off; deleting
 * {@code addons/ollama-ai/} leaves a working panel with no AI traces.
 */
class AiAddonAccessTogglesAndRemovalIT {

    private static final List<String> BOOLEANS = List.of("enabled", "features.chat_support", "features.server_analysis",
            "features.performance_monitoring", "features.security_scanning", "features.code_generation",
            "features.predictive_analytics");

    @TempDir
    Path root;

    private static WebClient client(AddonPanel ai) {
        ai.panel.panel().users().create("client@example.com", "Client", "client-password-1", false);
        WebClient client = ai.panel.client();
        client.login("client@example.com", "client-password-1");
        return client;
    }

    @Test
    void a_client_gets_404_on_every_admin_ai_route_get_and_post() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), null, Map.of())) {
            WebClient client = client(ai);
            List<Route> routes = ai.panel.panel().registry().of("ollama-ai").orElseThrow().routes();
            List<Route> admin = routes.stream().filter(r -> r.area() == Area.ADMIN).toList();
            assertTrue(admin.size() >= 10, "the add-on's admin routes: " + admin.size());
            for (Route route : admin) {
                String path = route.path().replaceAll("\\{[^}]+}", "1");
                var page = route.method() == HttpMethod.GET ? client.get(path) : client.post(path, Map.of("confirm", "yes"));
                assertEquals(404, page.status(), route.method() + " " + path);
                assertFalse(page.body().contains("Ollama"), "nothing of the page leaks: " + path);
            }
            String dashboard = client.get("/").body();
            assertFalse(dashboard.contains("/admin/ai"), "no admin AI links in the client area");
            assertEquals(0, ai.count("SELECT COUNT(*) FROM ai_presets"), "nothing was created");
        }
    }

    @Test
    void a_client_sees_insights_only_for_servers_they_hold_ai_insights_on() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), null, Map.of())) {
            var servers = new dev.talon.core.servers.ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            var granted = servers.account("granted@example.com");
            var notGranted = servers.account("plain@example.com");
            var stranger = servers.account("stranger@example.com");
            var server = servers.demoServer(owner.user().id(), false, Map.of());
            String users = "/api/client/servers/" + server.identifier() + "/users";
            assertEquals(200, servers.api(owner.key(), "POST", users,
                    "{\"email\":\"granted@example.com\",\"permissions\":[\"websocket.connect\",\"ai.insights\"]}").status());
            assertEquals(200, servers.api(owner.key(), "POST", users,
                    "{\"email\":\"plain@example.com\",\"permissions\":[\"websocket.connect\"]}").status());
            ai.panel.panel().database().jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO ai_insights (created_at, server_uuid, server_name, owner_id, kind, category, severity, title)
                    VALUES (:at, :uuid, 'Test server', :owner, 'alert', 'logs', 'warning', 'Server fell behind 41 times')""")
                    .bind("at", System.currentTimeMillis()).bind("uuid", server.uuid().toString()).bind("owner", owner.user().id())
                    .execute());

            java.util.function.Function<String, String> widget = email -> {
                WebClient client = ai.panel.client();
                client.login(email, "password-123456");
                return AiSettingsModelsIT.between(client.get("/").body(), "id=\"widget-ollama-ai-ai-my-insights\"", "</section>");
            };
            assertTrue(widget.apply("owner@example.com").contains("Server fell behind 41 times"), "the owner sees it");
            assertTrue(widget.apply("granted@example.com").contains("Server fell behind 41 times"), "a subuser granted ai.insights sees it");
            assertFalse(widget.apply("plain@example.com").contains("fell behind"), "a subuser without ai.insights does not");
            assertFalse(widget.apply("stranger@example.com").contains("fell behind"), "nor does anyone else");
        }
    }

    @Test
    void with_ollama_down_every_admin_ai_page_says_so_and_the_dashboards_render_from_stored_data() throws Exception {
        // Port 9 on loopback: nothing listens, so every call is refused.
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            WebClient admin = ai.admin();
            for (String path : List.of("/admin/ai", "/admin/ai/settings", "/admin/ai/analytics", "/admin/ai/support")) {
                var page = AddonPanel.eventually(() -> admin.get(path), p -> p.body().contains("id=\"ollama-offline\""),
                        path + " to say Ollama is not reachable");
                assertEquals(200, page.status(), path);
                assertTrue(page.body().contains("ollama serve"), "says what to do: " + path);
            }
            var dashboard = admin.get("/admin");
            assertEquals(200, dashboard.status());
            for (String widget : List.of("widget-ollama-ai-ai-insights", "widget-ollama-ai-ai-alerts", "widget-ollama-ai-ai-recommendations")) {
                String tile = AiSettingsModelsIT.between(dashboard.body(), "id=\"" + widget + "\"", "</section>");
                assertFalse(tile.contains("unavailable"), widget + " rendered from stored data: " + tile);
            }
            assertFalse(admin.get("/admin/ai/hosts-live").body().contains("Ollama "), "no version from a dead host");
        }
    }

    @Test
    void the_dashboards_never_ask_ollama_anything() {
        var ollama = FakeOllama.start().withModel("llama3.1:8b").withLoaded("llama3.1:8b");
        try (var ai = AddonPanel.start(root, ollama, null, Map.of())) {
            WebClient admin = ai.admin();
            List<String> modelPaths = List.of("/api/chat", "/api/generate", "/api/embed", "/api/ps", "/api/version", "/api/show");
            int before = modelPaths.stream().mapToInt(ollama::requestCount).sum();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, admin.get("/admin").status());
                assertEquals(200, admin.get("/").status());
            }
            assertEquals(before, modelPaths.stream().mapToInt(ollama::requestCount).sum(),
                    "widgets render from the database; only the health probe talks to Ollama");

            // The AI Dashboard itself asks each reachable host for its version and running models.
            var live = AddonPanel.eventually(() -> admin.get("/admin/ai/hosts-live").body(), b -> b.contains("model(s) loaded"),
                    "the live host fragment");
            assertTrue(live.contains("<code>llama3.1:8b</code>"), live);
            assertTrue(admin.get("/admin/ai").body().contains(ollama.uri().toString().replaceAll("/$", "")), "the host is listed");
            for (String path : List.of("/admin/ai", "/admin/ai/settings", "/admin/ai/analytics", "/admin/ai/support")) {
                var page = admin.get(path);
                assertEquals(200, page.status(), path);
                assertFalse(page.body().contains("id=\"ollama-offline\""), "no offline banner with Ollama up: " + path);
            }
        }
    }

    /** Saves the add-on's on/off settings through the AI Settings form, as an admin would. */
    private static void saveToggles(WebClient admin, Map<String, Boolean> off) {
        admin.get("/admin/ai/settings");
        var form = new HashMap<String, String>();
        for (String key : BOOLEANS) {
            if (!off.getOrDefault(key, false)) {
                form.put(key, "on");
            }
        }
        var saved = admin.post("/admin/ai/settings", form);
        assertEquals(302, saved.status(), saved.body());
    }

    @Test
    void feature_toggles_hide_their_pages_menus_widgets_and_chat_and_turning_the_addon_off_leaves_only_ai_settings() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), null, Map.of())) {
            WebClient admin = ai.admin();
            String before = admin.get("/admin").body();
            assertTrue(before.contains("AI Chat Support") && before.contains("id=\"ai-chat-open\""), "chat is on at first");
            assertTrue(before.contains("widget-ollama-ai-ai-insights"));

            saveToggles(admin, Map.of("features.chat_support", true));
            String noChat = admin.get("/admin").body();
            assertFalse(noChat.contains("AI Chat Support"), "menu item gone");
            assertFalse(noChat.contains("id=\"ai-chat-open\""), "floating chat gone");
            assertEquals(404, admin.get("/admin/ai/support").status());
            assertEquals(404, admin.send("GET", "/api/ai/chat", null, Map.of("Accept", "application/json")).status());
            assertTrue(noChat.contains("widget-ollama-ai-ai-insights"), "other features stay");

            saveToggles(admin, Map.of("features.chat_support", true, "features.server_analysis", true,
                    "features.performance_monitoring", true, "features.security_scanning", true));
            assertFalse(admin.get("/admin").body().contains("widget-ollama-ai-ai-insights"), "insight widgets gone with analysis off");

            saveToggles(admin, Map.of("enabled", true));
            String off = admin.get("/admin").body();
            assertFalse(off.contains("AI Dashboard") || off.contains("AI Analytics") || off.contains("AI Chat Support"), off);
            assertTrue(off.contains("AI Settings"), "AI Settings stays, so the add-on can be turned on again");
            assertEquals(404, admin.get("/admin/ai").status());
            assertEquals(404, admin.get("/admin/ai/analytics").status());
            assertEquals(200, admin.get("/admin/ai/settings").status());

            saveToggles(admin, Map.of());
            assertEquals(200, admin.get("/admin/ai").status(), "and back on");
        }
    }

    @Test
    void deleting_the_addon_folder_and_restarting_leaves_a_working_panel_without_ai_traces() throws IOException {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel("llama3.1:8b"), null, Map.of())) {
            assertTrue(ai.admin().get("/admin").body().contains("AI Dashboard"));
        }
        try (Stream<Path> files = Files.walk(root.resolve("addons").resolve("ollama-ai"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (var panel = TestPanel.start(root)) {
            WebClient admin = panel.admin();
            for (String path : List.of("/admin", "/", "/admin/addons", "/admin/settings", "/admin/scheduler")) {
                var page = admin.get(path);
                assertEquals(200, page.status(), path);
                assertFalse(page.body().contains("AI Dashboard") || page.body().contains("ai-chat") || page.body().contains("ollama"),
                        "no AI traces on " + path);
            }
            assertEquals(404, admin.get("/admin/ai").status());
            var ready = panel.client().get("/ready");
            assertEquals(200, ready.status());
            assertTrue(ready.body().contains("\"addons\":{}"), ready.body());
        }
    }
}
