package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's insights API in a real panel with the built jar: a server's insights, the caller's
 * recommendations, acknowledge/dismiss, ad-hoc log analysis — with the host's authentication, the
 * per-server {@code ai.insights} check (404 for others' servers, 403 for a subuser without it) and
 * Ollama down.
 */
class InsightsApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "mistral:7b";

    @TempDir
    Path root;

    private static long insight(AddonPanel ai, GameServer server, long owner, String kind, String title, String recommendation) {
        return ai.panel.panel().database().jdbi().withHandle(h -> h.createUpdate("""
                        INSERT INTO ai_insights (created_at, server_uuid, server_name, owner_id, kind, category, severity, title,
                                                 explanation, recommendation, evidence, model, ai_status)
                        VALUES (:at, :uuid, 'Test server', :owner, :kind, 'logs', 'warning', :title, 'It fell behind.', :rec,
                                '> [12:00:01] [Server thread/WARN]: Can''t keep up!', 'mistral:7b', 'done')""")
                .bind("at", System.currentTimeMillis()).bind("uuid", server.uuid().toString()).bind("owner", owner)
                .bind("kind", kind).bind("title", title).bind("rec", recommendation)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private static JsonNode json(WebClient.Page page) {
        return ServersFixture.read(page.body());
    }

    @Test
    void owners_and_granted_subusers_read_a_servers_insights_others_get_404_and_subusers_without_the_permission_403() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel(MODEL), null, Map.of())) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            var granted = servers.account("granted@example.com");
            var plain = servers.account("plain@example.com");
            var stranger = servers.account("stranger@example.com");
            GameServer server = servers.demoServer(owner.user().id(), false, Map.of());
            String users = "/api/client/servers/" + server.identifier() + "/users";
            assertEquals(200, servers.api(owner.key(), "POST", users,
                    "{\"email\":\"granted@example.com\",\"permissions\":[\"websocket.connect\",\"ai.insights\"]}").status());
            assertEquals(200, servers.api(owner.key(), "POST", users,
                    "{\"email\":\"plain@example.com\",\"permissions\":[\"websocket.connect\"]}").status());
            insight(ai, server, owner.user().id(), "alert", "Server fell behind 41 times", "Lower the view distance.");

            String path = "/api/ai/insights/server/" + server.identifier();
            var page = servers.api(owner.key(), "GET", path, null);
            assertEquals(200, page.status(), page.body());
            JsonNode first = json(page).path("data").get(0);
            assertEquals("Server fell behind 41 times", first.path("title").asText());
            for (String field : List.of("kind", "severity", "title", "explanation", "recommendation", "evidence", "model", "created_at",
                    "ai_status")) {
                assertTrue(first.has(field), field + " in " + first);
            }
            assertEquals("alert", first.path("kind").asText());
            assertEquals(MODEL, first.path("model").asText());
            assertTrue(first.path("evidence").asText().contains("Can't keep up!"));

            assertEquals(200, servers.api(granted.key(), "GET", path, null).status(), "subuser granted ai.insights");
            assertEquals(200, servers.api(owner.key(), "GET", "/api/ai/insights/server/" + server.uuid(), null).status(), "by uuid");
            assertEquals(403, servers.api(plain.key(), "GET", path, null).status(), "subuser without ai.insights");
            var other = servers.api(stranger.key(), "GET", path, null);
            assertEquals(404, other.status(), "another user's server does not exist for them");
            assertFalse(other.body().contains("fell behind"));
            assertEquals(404, servers.api(owner.key(), "GET", "/api/ai/insights/server/nosuchid", null).status());
            assertEquals(401, ai.panel.client().send("GET", path, null, Map.of("Accept", "application/json")).status(),
                    "no key, no session");
        }
    }

    @Test
    void recommendations_cover_only_the_callers_servers_and_dismissed_ones_leave_the_lists() {
        try (var ai = AddonPanel.start(root, FakeOllama.start().withModel(MODEL), null, Map.of())) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            var stranger = servers.account("stranger@example.com");
            GameServer mine = servers.demoServer(owner.user().id(), false, Map.of());
            GameServer theirs = servers.demoServer(stranger.user().id(), false, Map.of());
            long id = insight(ai, mine, owner.user().id(), "recommendation", "Pre-generate the world", "Run a pre-generator.");
            long foreign = insight(ai, theirs, stranger.user().id(), "recommendation", "Their own advice", "Something.");
            insight(ai, mine, owner.user().id(), "insight", "Just a fact", null);

            JsonNode recs = json(servers.api(owner.key(), "GET", "/api/ai/recommendations", null)).path("data");
            assertEquals(1, recs.size(), recs.toString());
            assertEquals("Pre-generate the world", recs.get(0).path("title").asText());

            assertEquals(404, servers.api(owner.key(), "POST", "/api/ai/insights/" + foreign + "/dismiss", "{}").status(),
                    "another user's insight");
            assertEquals(404, servers.api(owner.key(), "POST", "/api/ai/insights/999999/acknowledge", "{}").status());

            var ack = servers.api(owner.key(), "POST", "/api/ai/insights/" + id + "/acknowledge", "{}");
            assertEquals(200, ack.status(), ack.body());
            assertFalse(json(ack).path("acknowledged_at").isNull(), ack.body());
            assertEquals(1, json(servers.api(owner.key(), "GET", "/api/ai/recommendations", null)).path("data").size(),
                    "acknowledged stays listed");

            // A browser session needs the CSRF token for writes.
            WebClient browser = ai.panel.client();
            browser.login("owner@example.com", "password-123456");
            assertEquals(403, browser.send("POST", "/api/ai/insights/" + id + "/dismiss", "{}", Map.of()).status());
            assertEquals(200, browser.send("POST", "/api/ai/insights/" + id + "/dismiss", "{}",
                    Map.of("X-CSRF-Token", browser.csrf())).status());
            assertEquals(0, json(servers.api(owner.key(), "GET", "/api/ai/recommendations", null)).path("data").size());
            JsonNode left = json(servers.api(owner.key(), "GET", "/api/ai/insights/server/" + mine.identifier(), null)).path("data");
            assertEquals(1, left.size(), "the dismissed one left the server's list: " + left);
        }
    }

    private static String body(String log) throws Exception {
        return JSON.writeValueAsString(Map.of("log", log));
    }

    private static final String LOG = String.join("\n",
            "[12:00:01] [Server thread/INFO]: Starting minecraft server version 1.20.4",
            "[12:00:02] [Server thread/INFO]: Player Steve joined the game",
            "[12:00:03] [Server thread/INFO]: Player Alex joined the game",
            "[12:00:04] [Server thread/ERROR]: Could not save chunk [12, -4]",
            "java.io.IOException: No space left on device",
            "\tat net.minecraft.world.Chunk.save(Chunk.java:120)",
            "[12:00:05] [Server thread/ERROR]: Could not save chunk [13, -4]",
            "java.io.IOException: No space left on device",
            "\tat net.minecraft.world.Chunk.save(Chunk.java:120)",
            "[12:00:06] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 2041ms or 40 ticks behind");

    @Test
    void analyze_logs_returns_clusters_and_with_ollama_down_a_null_summary_and_a_note() throws Exception {
        try (var ai = AddonPanel.start(root, FakeOllama.start(), null, Map.of("OLLAMA_HOST", "http://127.0.0.1:9"))) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            var page = servers.api(owner.key(), "POST", "/api/ai/analyze/logs", body(LOG));
            assertEquals(200, page.status(), page.body());
            JsonNode out = json(page);
            assertTrue(out.path("summary").isNull(), out.toString());
            assertTrue(out.path("note").asText().startsWith("no AI summary"), out.toString());
            JsonNode clusters = out.path("clusters");
            assertTrue(clusters.size() >= 3, clusters.toString());
            JsonNode save = null;
            for (JsonNode c : clusters) {
                if (c.path("template").asText().contains("Could not save chunk")) {
                    save = c;
                }
            }
            assertTrue(save != null, "the chunk errors form one cluster: " + clusters);
            assertEquals(2, save.path("count").asInt(), "two events, each with its stack trace");
            assertTrue(out.path("insights").size() >= 1);
            assertEquals("pending", out.path("insights").get(0).path("ai_status").asText());
            assertTrue(out.path("insights").get(0).path("evidence").asText().contains("No space left on device"));

            assertEquals(413, servers.api(owner.key(), "POST", "/api/ai/analyze/logs",
                    body("x".repeat(dev.talon.ai.insights.InsightsApi.MAX_LOG_CHARS + 1))).status());
            assertEquals(400, servers.api(owner.key(), "POST", "/api/ai/analyze/logs", "{}").status());
        }
    }

    @Test
    void analyze_logs_of_a_server_reads_its_log_and_with_ollama_up_returns_the_models_summary() throws Exception {
        var ollama = FakeOllama.start().withModel(MODEL);
        try (var ai = AddonPanel.start(root, ollama, null, Map.of())) {
            var servers = new ServersFixture(ai.panel);
            var owner = servers.account("owner@example.com");
            var stranger = servers.account("stranger@example.com");
            GameServer server = servers.demoServer(owner.user().id(), false, Map.of());
            servers.service().power(server, PowerAction.START, null, null);
            ServersFixture.await("the demo server to log", Duration.ofSeconds(15), () -> !ai.panel.panel().servers()
                    .directory().readLog(server.uuid().toString(), 0, 1 << 16).lines().isEmpty());

            String request = "{\"server_id\":\"" + server.identifier() + "\"}";
            assertEquals(404, servers.api(stranger.key(), "POST", "/api/ai/analyze/logs", request).status());

            ollama.enqueue("/api/chat", Reply.chatFrom(r -> "{\"summary\":\"The demo server is healthy.\",\"findings\":[]}"));
            var page = servers.api(owner.key(), "POST", "/api/ai/analyze/logs", request);
            assertEquals(200, page.status(), page.body());
            JsonNode out = json(page);
            assertTrue(out.path("clusters").size() > 0, out.toString());
            assertTrue(out.path("lines").asLong() > 0);
            if (out.path("insights").size() > 0) {
                assertEquals("The demo server is healthy.", out.path("summary").asText(), out.toString());
            }
            servers.service().power(server, PowerAction.KILL, null, null);
        }
    }
}
